import { describe, expect, it } from 'vitest';
import { ancestorsOf, selfLockoutViolation, setChanges, wouldCreateCycle } from './staff.rules.js';

// 华东 > 江苏省 > 南京市 > 玄武区 ; 华东 > 上海市
const parents = new Map<string, string | null>([
  ['east', null],
  ['js', 'east'],
  ['nj', 'js'],
  ['xw', 'nj'],
  ['sh', 'east'],
]);

describe('tree rules', () => {
  it('lists ancestors nearest first, including the start', () => {
    expect(ancestorsOf('xw', parents)).toEqual(['xw', 'nj', 'js', 'east']);
    expect(ancestorsOf('east', parents)).toEqual(['east']);
    expect(ancestorsOf(null, parents)).toEqual([]);
    expect(ancestorsOf('unknown', parents)).toEqual(['unknown']);
  });

  it('stops on a loop already in the data instead of spinning', () => {
    const broken = new Map<string, string | null>([
      ['a', 'b'],
      ['b', 'a'],
    ]);
    expect(ancestorsOf('a', broken)).toEqual(['a', 'b']);
  });

  it('detects moves that would put a node under itself', () => {
    expect(wouldCreateCycle('js', 'xw', parents)).toBe(true);
    expect(wouldCreateCycle('js', 'js', parents)).toBe(true);
    expect(wouldCreateCycle('east', 'sh', parents)).toBe(true);
    expect(wouldCreateCycle('sh', 'nj', parents)).toBe(false);
    expect(wouldCreateCycle('xw', 'sh', parents)).toBe(false);
    expect(wouldCreateCycle('js', null, parents)).toBe(false);
  });
});

describe('self lock-out', () => {
  const base = { actorId: 'me', targetUserId: 'me', actorIsAdmin: true };
  it('forbids disabling oneself', () => {
    expect(selfLockoutViolation({ ...base, disabling: true })).toBe('cannot_disable_self');
  });
  it("forbids dropping one's own admin role but allows other role changes", () => {
    expect(selfLockoutViolation({ ...base, newRoles: ['agent'] })).toBe('cannot_remove_own_admin_role');
    expect(selfLockoutViolation({ ...base, newRoles: [] })).toBe('cannot_remove_own_admin_role');
    expect(selfLockoutViolation({ ...base, newRoles: ['admin', 'agent'] })).toBeNull();
    expect(selfLockoutViolation({ ...base })).toBeNull();
  });
  it('does not restrict changes to other users or by the system', () => {
    expect(selfLockoutViolation({ ...base, targetUserId: 'other', disabling: true })).toBeNull();
    expect(selfLockoutViolation({ ...base, targetUserId: 'other', newRoles: [] })).toBeNull();
    expect(selfLockoutViolation({ actorId: null, targetUserId: 'me', actorIsAdmin: true, disabling: true })).toBeNull();
  });
});

describe('setChanges', () => {
  it('reports added and removed members, sorted', () => {
    expect(setChanges(['agent', 'admin'], ['technician', 'admin', 'supervisor'])).toEqual({
      added: ['supervisor', 'technician'],
      removed: ['agent'],
    });
    expect(setChanges([], [])).toEqual({ added: [], removed: [] });
  });
});
