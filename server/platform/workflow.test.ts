import { describe, expect, it } from 'vitest';
import { IllegalTransitionError } from './errors.js';
import type { UserActor } from './permissions.js';
import { allowedActions, decide, GuardRefusedError, type WorkflowTable } from './workflow.js';

type S = 'new' | 'assigned' | 'done' | 'closed';
type A = 'assign' | 'finish' | 'close' | 'reopen';
interface D {
  technicianId: string | null;
  signed: boolean;
}

const table: WorkflowTable<S, A, D> = [
  { from: 'new', action: 'assign', to: 'assigned', roles: ['agent', 'supervisor'] },
  { from: 'assigned', action: 'finish', to: 'done', roles: ['technician'], guard: (d, actor) => (d.technicianId === actor.id ? null : 'not your job') },
  { from: 'done', action: 'close', to: 'closed', guard: (d) => (d.signed ? null : 'customer signature required') },
  { from: ['done', 'closed'], action: 'reopen', to: (d) => (d.technicianId ? 'assigned' : 'new'), roles: ['supervisor'] },
];

const actor = (roles: UserActor['roles'], id = 'u1'): UserActor => ({ kind: 'user', id, username: id, displayName: id, roles, departmentId: null });

describe('workflow engine', () => {
  it('moves along the table', () => {
    expect(decide(table, 'new', 'assign', actor(['agent']), { technicianId: null, signed: false }).to).toBe('assigned');
  });

  it('refuses an action from the wrong state with the allowed ones listed', () => {
    try {
      decide(table, 'new', 'close', actor(['agent']), { technicianId: null, signed: true });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(IllegalTransitionError);
      expect((e as IllegalTransitionError).details).toMatchObject({ state: 'new', action: 'close', allowedActions: ['assign'] });
      expect((e as IllegalTransitionError).statusCode).toBe(409);
    }
  });

  it('refuses a role that may not act, and lets admin do anything', () => {
    expect(() => decide(table, 'new', 'assign', actor(['technician']), { technicianId: null, signed: false })).toThrow(IllegalTransitionError);
    expect(decide(table, 'new', 'assign', actor(['admin']), { technicianId: null, signed: false }).to).toBe('assigned');
  });

  it('guards give the reason', () => {
    expect(() => decide(table, 'assigned', 'finish', actor(['technician'], 'u2'), { technicianId: 'u1', signed: false })).toThrow(GuardRefusedError);
    expect(() => decide(table, 'done', 'close', actor(['agent']), { technicianId: 'u1', signed: false })).toThrow('customer signature required');
  });

  it('computes the next state from data and lists allowed actions per actor', () => {
    expect(decide(table, 'closed', 'reopen', actor(['supervisor']), { technicianId: 't', signed: true }).to).toBe('assigned');
    expect(decide(table, 'closed', 'reopen', actor(['supervisor']), { technicianId: null, signed: true }).to).toBe('new');
    expect(allowedActions(table, 'done', actor(['supervisor']), { technicianId: 'u1', signed: false })).toEqual(['reopen']);
    expect(allowedActions(table, 'done', actor(['supervisor']), { technicianId: 'u1', signed: true })).toEqual(['close', 'reopen']);
  });
});
