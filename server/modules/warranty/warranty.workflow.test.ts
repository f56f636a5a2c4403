import { describe, expect, it } from 'vitest';
import { IllegalTransitionError } from '../../platform/errors.js';
import type { Actor, Role } from '../../platform/permissions.js';
import { allowedActions, decide, GuardRefusedError } from '../../platform/workflow.js';
import { CLAIM_TABLE, REPLACEMENT_TABLE, RMA_TABLE } from './warranty.workflow.js';

const actor = (...roles: Role[]): Actor => ({
  kind: 'user',
  id: 'u1',
  username: 'u1',
  displayName: 'U1',
  roles,
  departmentId: null,
});
const noData = { case: {} as never, input: null };

describe('claim workflow table', () => {
  it('the happy paths: reply → review → decide → complete → result → close', () => {
    const path = (actions: string[], who = actor('supervisor')) => {
      let state = 'applied';
      for (const action of actions) state = decide(CLAIM_TABLE, state, action, who, noData).to;
      return state;
    };
    for (const decision of ['decide_repair', 'decide_replace', 'decide_refund']) {
      expect(path(['reply', 'review', decision, 'complete', 'send_result', 'close'])).toBe('closed');
    }
    expect(path(['reply', 'review', 'decide_reject', 'send_result', 'close'])).toBe('closed');
    expect(path(['reply', 'review', 'decide_repair', 'revise', 'decide_replace'])).toBe('replacing');
    expect(path(['reply', 'review', 'decide_reject', 'send_result', 'reopen', 'review'])).toBe('reviewed');
  });

  it('an agent may decide repair or reject; replace and refund need warranty.approve', () => {
    expect(allowedActions(CLAIM_TABLE, 'reviewed', actor('agent'), noData)).toEqual(['review', 'decide_repair', 'decide_reject', 'cancel']);
    expect(allowedActions(CLAIM_TABLE, 'reviewed', actor('supervisor'), noData)).toEqual([
      'review',
      'decide_repair',
      'decide_replace',
      'decide_refund',
      'decide_reject',
      'cancel',
    ]);
    expect(() => decide(CLAIM_TABLE, 'reviewed', 'decide_refund', actor('agent'), noData)).toThrow(GuardRefusedError);
  });

  it('no decision before the review; no review before the reply; nothing after closing', () => {
    expect(() => decide(CLAIM_TABLE, 'applied', 'decide_repair', actor('admin'), noData)).toThrow(IllegalTransitionError);
    expect(() => decide(CLAIM_TABLE, 'applied', 'review', actor('admin'), noData)).toThrow(IllegalTransitionError);
    expect(allowedActions(CLAIM_TABLE, 'closed', actor('admin'), noData)).toEqual([]);
    expect(allowedActions(CLAIM_TABLE, 'cancelled', actor('admin'), noData)).toEqual([]);
    // a decided claim cannot be cancelled: revise first
    expect(allowedActions(CLAIM_TABLE, 'repairing', actor('admin'), noData)).toEqual(['complete', 'revise']);
  });
});

describe('RMA table', () => {
  it('runs in order, one step at a time', () => {
    const steps = ['ship_to_factory', 'receive_at_factory', 'repair_at_factory', 'ship_back', 'receive_by_customer'] as const;
    let state: Parameters<typeof decide>[1] = 'to_ship';
    const seen: string[] = [];
    for (const step of steps) {
      state = decide(RMA_TABLE, state as never, step, actor('agent'), null).to;
      seen.push(state);
    }
    expect(seen).toEqual(['shipped_to_factory', 'received_by_factory', 'repaired_at_factory', 'shipped_back', 'received_by_customer']);
    expect(() => decide(RMA_TABLE, 'to_ship', 'ship_back', actor('agent'), null)).toThrow(IllegalTransitionError);
    expect(allowedActions(RMA_TABLE, 'received_by_factory', actor('agent'), null)).toEqual(['repair_at_factory', 'report_unrepairable']);
    expect(allowedActions(RMA_TABLE, 'shipped_to_factory', actor('agent'), null)).toEqual(['receive_at_factory']);
  });
});

describe('replacement table', () => {
  it('inspection result decides the next state; a rejected acceptance goes back to inspection', () => {
    expect(decide(REPLACEMENT_TABLE, 'unit_recorded', 'inspect', actor('quality'), { result: 'passed' }).to).toBe('inspected');
    expect(decide(REPLACEMENT_TABLE, 'unit_recorded', 'inspect', actor('quality'), { result: 'failed' }).to).toBe('inspection_failed');
    expect(decide(REPLACEMENT_TABLE, 'inspection_failed', 'inspect', actor('quality'), { result: 'passed' }).to).toBe('inspected');
    expect(decide(REPLACEMENT_TABLE, 'inspected', 'reject_acceptance', actor('agent'), {}).to).toBe('unit_recorded');
    expect(() => decide(REPLACEMENT_TABLE, 'unit_recorded', 'accept', actor('agent'), {})).toThrow(IllegalTransitionError);
  });
});
