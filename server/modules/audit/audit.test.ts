import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAudit } from '../../platform/audit.js';
import { createTestApp, type TestApp } from '../../testing/app.js';

describe('audit log', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    const ctx = t.systemContext();
    for (let i = 0; i < 5; i++) {
      t.clock.advance(1000);
      await recordAudit(ctx, { entity: 'customer', entityId: 'c1', action: 'update', before: { name: `旧${i}` }, after: { name: `新${i}` } });
    }
    await recordAudit(ctx, { entity: 'user', entityId: 'u1', action: 'update', before: { password_hash: 'secret' }, after: { display_name: '王五' } });
  });
  afterAll(async () => t.close());

  it('lists a record history newest first, page by page, with before/after', async () => {
    const supervisor = await t.userWith(['supervisor']);
    const first = await supervisor.get('/api/v1/audit-log?entity=customer&entityId=c1&limit=3');
    expect(first.statusCode).toBe(200);
    const page1 = first.json();
    expect(page1.items.map((e: any) => e.after.name)).toEqual(['新4', '新3', '新2']);
    const second = (await supervisor.get(`/api/v1/audit-log?entity=customer&entityId=c1&limit=3&cursor=${page1.nextCursor}`)).json();
    expect(second.items.map((e: any) => e.before.name)).toEqual(['旧1', '旧0']);
    expect(second.nextCursor).toBeNull();
  });

  it('never shows secrets', async () => {
    const admin = await t.userWith(['admin']);
    const res = (await admin.get('/api/v1/audit-log?entity=user&entityId=u1')).json();
    expect(res.items[0].before.password_hash).toBe('[redacted]');
  });

  it('an agent may read the history of a customer but not the whole log', async () => {
    const agent = await t.userWith(['agent']);
    expect((await agent.get('/api/v1/audit-log?entity=customer&entityId=c1')).statusCode).toBe(200);
    expect((await agent.get('/api/v1/audit-log')).statusCode).toBe(403);
    expect((await agent.get('/api/v1/audit-log?entity=user&entityId=u1')).statusCode).toBe(403);
  });

  it('rejects a forged cursor with 400', async () => {
    const admin = await t.userWith(['admin']);
    const res = await admin.get('/api/v1/audit-log?cursor=not-a-cursor');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0].path).toEqual(['cursor']);
  });
});
