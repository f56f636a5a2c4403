import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../../testing/app.js';

describe('auth', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  it('logs in with an httpOnly SameSite session cookie and never returns the password hash', async () => {
    const agent = await t.userWith(['agent'], { username: 'zhang.san' });
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'zhang.san', password: TEST_PASSWORD } });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'as_session');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Lax');
    expect(res.body).not.toContain('argon2');
    expect(res.json().roles).toEqual(['agent']);
    const me = await agent.get('/api/v1/auth/me');
    expect(me.json().username).toBe('zhang.san');
    expect(me.json().permissions).toContain('customer.write');
  });

  it('rejects a wrong password and an unknown user alike with 401', async () => {
    await t.userWith(['agent'], { username: 'li.si' });
    const wrong = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'li.si', password: 'nope-nope' } });
    const unknown = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'nobody', password: 'nope-nope' } });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().error.message).toBe(unknown.json().error.message);
  });

  it('answers 400 with field paths for a malformed login', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: '' } });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.error.code).toBe('validation_failed');
    const paths = body.error.details.map((d: any) => d.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['body.username', 'body.password']));
  });

  it('answers 400 for invalid JSON', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: '{"username": ',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('bad_request');
  });

  it('logout ends the session', async () => {
    const agent = await t.userWith(['agent']);
    expect((await agent.get('/api/v1/auth/me')).statusCode).toBe(200);
    expect((await agent.post('/api/v1/auth/logout')).statusCode).toBe(200);
    expect((await agent.get('/api/v1/auth/me')).statusCode).toBe(401);
  });

  it('expired sessions are refused', async () => {
    const agent = await t.userWith(['agent']);
    t.clock.advance((t.config.sessionTtlHours + 1) * 3600_000);
    try {
      expect((await agent.get('/api/v1/auth/me')).statusCode).toBe(401);
    } finally {
      t.clock.advance(-(t.config.sessionTtlHours + 1) * 3600_000);
    }
  });

  it('API tokens authenticate integrations until revoked; only the hash is stored', async () => {
    const agent = await t.userWith(['agent']);
    const created = await agent.post('/api/v1/api-tokens', { name: '呼叫中心集成' });
    expect(created.statusCode).toBe(201);
    const { token, id } = created.json();
    const stored = await t.database.db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(token);
    const viaToken = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } });
    expect(viaToken.statusCode).toBe(200);
    expect((await agent.post(`/api/v1/api-tokens/${id}/revoke`)).statusCode).toBe(200);
    const afterRevoke = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } });
    expect(afterRevoke.statusCode).toBe(401);
    const audit = await t.database.db.selectFrom('audit_log').select('action').where('entity_id', '=', id).execute();
    expect(audit.map((a) => a.action)).toEqual(['create', 'revoke']);
  });

  it('rate-limits repeated logins', async () => {
    const limited = await createTestApp({ config: { loginRateLimitPerMinute: 3 } });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 5; i++) {
        const r = await limited.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'x', password: 'y' } });
        codes.push(r.statusCode);
      }
      expect(codes.slice(0, 3)).toEqual([401, 401, 401]);
      expect(codes[4]).toBe(429);
    } finally {
      await limited.close();
    }
  });
});
