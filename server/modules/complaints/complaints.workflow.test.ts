import { describe, expect, it } from 'vitest';
import { ForbiddenError, IllegalTransitionError } from '../../platform/errors.js';
import { type Actor, type Role, systemActor } from '../../platform/permissions.js';
import { allowedActions, decide, GuardRefusedError } from '../../platform/workflow.js';
import type { CaseGuardData } from '../cases/cases.registry.js';
import { COMPLAINT_TABLE, isNewRound } from './complaints.workflow.js';

const user = (...roles: Role[]): Actor => ({ kind: 'user', id: 'u1', username: 'u', displayName: 'U', roles, departmentId: null });
const asked = { case: {} as CaseGuardData['case'], input: null } as CaseGuardData;
const taking = (data: Record<string, unknown> = {}) => ({ case: {} as CaseGuardData['case'], input: { note: 'n', data } }) as CaseGuardData;

describe('complaint workflow (pure)', () => {
  it('verification: valid goes to the investigation, anything else closes with the facts (R-CMP-3)', () => {
    const agent = user('agent');
    expect(decide(COMPLAINT_TABLE, 'verifying', 'verify', agent, taking({ result: 'valid' })).to).toBe('investigating');
    for (const result of ['not_ours', 'customer_fault', 'third_party']) {
      expect(decide(COMPLAINT_TABLE, 'verifying', 'verify', agent, taking({ result })).to).toBe('closed');
    }
  });

  it('each signature belongs to one role: hidden from others, 403 when taken anyway (R-CMP-7)', () => {
    const steps = [
      ['plan_review', 'sign_plan', 'department_head', 'handling'],
      ['confirmed', 'sign_tracking_sheet', 'quality', 'closure_review'],
      ['closure_review', 'approve_closure', 'general_manager', 'closed'],
    ] as const;
    for (const [state, action, role, to] of steps) {
      expect(allowedActions(COMPLAINT_TABLE, state, user('agent'), asked)).not.toContain(action);
      expect(allowedActions(COMPLAINT_TABLE, state, user(role), asked)).toContain(action);
      expect(() => decide(COMPLAINT_TABLE, state, action, user('agent'), taking())).toThrow(ForbiddenError);
      expect(decide(COMPLAINT_TABLE, state, action, user(role), taking()).to).toBe(to);
    }
    // the quality manager cannot approve closure, the GM cannot sign the tracking sheet
    expect(() => decide(COMPLAINT_TABLE, 'closure_review', 'approve_closure', user('quality'), taking())).toThrow(ForbiddenError);
    expect(() => decide(COMPLAINT_TABLE, 'confirmed', 'sign_tracking_sheet', user('general_manager'), taking())).toThrow(ForbiddenError);
  });

  it('rejection returns the step', () => {
    expect(decide(COMPLAINT_TABLE, 'plan_review', 'reject_plan', user('department_head'), taking()).to).toBe('planning');
    expect(decide(COMPLAINT_TABLE, 'confirmed', 'reject_tracking_sheet', user('quality'), taking()).to).toBe('handling');
    expect(decide(COMPLAINT_TABLE, 'closure_review', 'reject_closure', user('general_manager'), taking()).to).toBe('confirmed');
  });

  it('the complainant closes: satisfied → confirmed, not satisfied → another round of handling (R-CMP-8/9)', () => {
    const agent = user('agent');
    expect(decide(COMPLAINT_TABLE, 'awaiting_confirmation', 'record_call', agent, taking({ satisfied: true })).to).toBe('confirmed');
    const again = decide(COMPLAINT_TABLE, 'awaiting_confirmation', 'record_call', agent, taking({ satisfied: false }));
    expect(again.to).toBe('handling');
    expect(isNewRound('record_call', again.to)).toBe(true);
    expect(isNewRound('reject_tracking_sheet', 'handling')).toBe(false);
    // the link's actions are the system's (public route), never a user's
    expect(() => decide(COMPLAINT_TABLE, 'awaiting_confirmation', 'complainant_confirm', user('admin'), taking())).toThrow(GuardRefusedError);
    expect(decide(COMPLAINT_TABLE, 'awaiting_confirmation', 'complainant_reject', systemActor, taking()).to).toBe('handling');
  });

  it('no shortcut: closure cannot be approved before the complainant confirmed', () => {
    expect(() => decide(COMPLAINT_TABLE, 'handling', 'approve_closure', user('general_manager'), taking())).toThrow(IllegalTransitionError);
    expect(() => decide(COMPLAINT_TABLE, 'investigating', 'cancel', user('agent'), taking())).toThrow(IllegalTransitionError);
  });
});
