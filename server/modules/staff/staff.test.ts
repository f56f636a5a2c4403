import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_PASSWORD, type TestApp, type TestClient } from '../../testing/app.js';
import { makeCategory } from '../../testing/factories/catalog.js';
import { makeDepartment, makeGrade, makeRegion, makeUser } from '../../testing/factories/staff.js';

describe('staff', () => {
  let t: TestApp;
  let admin: TestClient;
  let agent: TestClient;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.userWith(['admin'], { username: 'root.admin' });
    agent = await t.userWith(['agent']);
  });
  afterAll(async () => t.close());

  /** Log in as a user created through the API, like a person at the login page would. */
  async function login(username: string, password = TEST_PASSWORD) {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
    if (res.statusCode !== 200) return { status: res.statusCode, cookie: '' };
    const cookie = `as_session=${res.cookies.find((c) => c.name === 'as_session')?.value}`;
    return { status: 200, cookie };
  }
  const me = (cookie: string) => t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });
  const as = (cookie: string, method: 'POST' | 'PATCH' | 'GET', url: string, payload?: unknown) =>
    t.app.inject({ method, url, payload: payload as any, headers: { cookie } });

  const countUsers = async () =>
    Number(
      (
        await t.database.db
          .selectFrom('users')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  describe('departments, regions and grades', () => {
    it('builds a department tree with a head user; versions and cycles are guarded', async () => {
      const head = await makeUser(t.systemContext(), { displayName: '王经理', roles: ['department_head'] });
      const service = await admin.post('/api/v1/departments', { code: 'SVC', name: '维修服务部', headUserId: head.id });
      expect(service.statusCode).toBe(201);
      expect(service.json()).toMatchObject({
        code: 'SVC',
        headUserId: head.id,
        headUserName: '王经理',
        parentId: null,
        version: 1,
      });
      const team = await admin.post('/api/v1/departments', { code: 'SVC-SH', name: '上海维修组', parentId: service.json().id });
      expect(team.json().parentId).toBe(service.json().id);

      const cycle = await admin.patch(`/api/v1/departments/${service.json().id}`, { version: 1, parentId: team.json().id });
      expect(cycle.statusCode).toBe(422);
      expect(cycle.json().error.code).toBe('tree_cycle');
      const self = await admin.patch(`/api/v1/departments/${service.json().id}`, { version: 1, parentId: service.json().id });
      expect(self.statusCode).toBe(422);

      const renamed = await admin.patch(`/api/v1/departments/${service.json().id}`, { version: 1, name: '售后服务部' });
      expect(renamed.json()).toMatchObject({ name: '售后服务部', version: 2 });
      expect((await admin.patch(`/api/v1/departments/${service.json().id}`, { version: 1, name: 'x' })).statusCode).toBe(409);

      const archiveParent = await admin.post(`/api/v1/departments/${service.json().id}/archive`, { version: 2 });
      expect(archiveParent.json().error.code).toBe('has_active_children');
      expect((await admin.post(`/api/v1/departments/${team.json().id}/archive`, { version: 1 })).json().archived).toBe(true);

      const dup = await admin.post('/api/v1/departments', { code: 'svc', name: '重复' });
      expect(dup.statusCode).toBe(409);
      expect(dup.json().error.code).toBe('duplicate_code');

      const audit = await t.database.db
        .selectFrom('audit_log')
        .select(['action', 'entity'])
        .where('entity_id', '=', service.json().id)
        .orderBy('at')
        .execute();
      expect(audit.map((a) => a.action)).toEqual(['create', 'update']);
    });

    it('regions and grades: create, change, archive; agents may read but not write', async () => {
      const sh = await admin.post('/api/v1/regions', { code: '310000', name: '上海市' });
      expect(sh.statusCode).toBe(201);
      const pd = await admin.post('/api/v1/regions', { code: '310115', name: '浦东新区', parentId: sh.json().id });
      expect(pd.json().parentId).toBe(sh.json().id);
      const children = await agent.get(`/api/v1/regions?parentId=${sh.json().id}`);
      expect(children.json().items.map((r: any) => r.name)).toEqual(['浦东新区']);
      expect((await agent.post('/api/v1/regions', { code: '320000', name: '江苏省' })).statusCode).toBe(403);

      const grade = await admin.post('/api/v1/staff-grades', { code: 'senior', name: '高级', rank: 3 });
      expect(grade.statusCode).toBe(201);
      const patched = await admin.patch(`/api/v1/staff-grades/${grade.json().id}`, { version: 1, name: '高级工程师' });
      expect(patched.json()).toMatchObject({ name: '高级工程师', version: 2 });
      expect((await agent.patch(`/api/v1/staff-grades/${grade.json().id}`, { version: 2, name: 'x' })).statusCode).toBe(403);
      const archived = await admin.post(`/api/v1/staff-grades/${grade.json().id}/archive`, { version: 2 });
      expect(archived.json().archived).toBe(true);
      expect((await agent.get('/api/v1/staff-grades')).json().items.map((g: any) => g.code)).not.toContain('senior');
    });
  });

  describe('users', () => {
    it('creates a user with roles, skills and regions; the hash is never returned nor audited', async () => {
      const ctx = t.systemContext();
      const dept = await makeDepartment(ctx, { name: '客服部' });
      const grade = await makeGrade(ctx, { code: 'mid', name: '中级' });
      const lighting = await makeCategory(ctx, { name: '照明' });
      const region = await makeRegion(ctx, { name: '杭州市' });
      const res = await admin.post('/api/v1/users', {
        username: 'li.gong',
        displayName: '李工',
        password: 'S3cret-pass!',
        email: 'li.gong@example.cn',
        phone: '139 0000 1234',
        departmentId: dept.id,
        grade: 'mid',
        roles: ['technician', 'technician'],
        skills: [{ categoryId: lighting.id, level: 4 }],
        regionIds: [region.id],
      });
      expect(res.statusCode).toBe(201);
      const user = res.json();
      expect(user).toMatchObject({
        username: 'li.gong',
        displayName: '李工',
        departmentName: '客服部',
        grade: 'mid',
        gradeName: grade.name,
        status: 'active',
        roles: ['technician'],
        skills: [{ categoryId: lighting.id, categoryName: '照明', level: 4 }],
        regions: [{ regionId: region.id, regionName: '杭州市' }],
        version: 1,
      });
      expect(res.body).not.toContain('argon2');
      expect(res.body).not.toContain('password');

      const stored = await t.database.db
        .selectFrom('users')
        .select('password_hash')
        .where('id', '=', user.id)
        .executeTakeFirstOrThrow();
      expect(stored.password_hash).toMatch(/^\$argon2/);
      expect(stored.password_hash).not.toContain('S3cret-pass!');
      expect((await login('li.gong', 'S3cret-pass!')).status).toBe(200);

      const audit = await t.database.db.selectFrom('audit_log').selectAll().where('entity_id', '=', user.id).execute();
      expect(audit.map((a) => a.action)).toEqual(['create']);
      const text = JSON.stringify(audit);
      expect(text).not.toContain('S3cret-pass!');
      expect(text).not.toContain('argon2');
      expect(JSON.parse(audit[0].after!)).toMatchObject({ username: 'li.gong', roles: ['technician'], regionIds: [region.id] });
    });

    it('redacts password fields handed to the audit helper', async () => {
      const { recordAudit } = await import('../../platform/audit.js');
      await recordAudit(t.systemContext(), {
        entity: 'user',
        entityId: 'redaction-check',
        action: 'test',
        after: { password: 'plain-text-pw', nested: { password_hash: '$argon2id$v=19$abc' } },
      });
      const row = await t.database.db
        .selectFrom('audit_log')
        .selectAll()
        .where('entity_id', '=', 'redaction-check')
        .executeTakeFirstOrThrow();
      expect(row.after).not.toContain('plain-text-pw');
      expect(row.after).not.toContain('argon2');
      expect(JSON.parse(row.after!)).toEqual({ password: '[redacted]', nested: { password_hash: '[redacted]' } });
    });

    it('answers 400 with field paths and changes nothing', async () => {
      const before = await countUsers();
      const res = await admin.post('/api/v1/users', {
        username: 'x',
        displayName: '',
        password: 'short',
        roles: ['boss'],
        skills: [{ categoryId: '0190a000-0000-7000-8000-000000000000', level: 6 }],
        email: 'not-an-email',
      });
      expect(res.statusCode).toBe(400);
      const paths = res.json().error.details.map((d: any) => d.path.join('.'));
      expect(paths).toEqual(
        expect.arrayContaining([
          'body.username',
          'body.displayName',
          'body.password',
          'body.roles.0',
          'body.skills.0.level',
          'body.email',
        ]),
      );
      const lighting = await makeCategory(t.systemContext());
      const twice = await admin.post('/api/v1/users', {
        username: 'twice',
        displayName: '重复技能',
        password: 'long-enough',
        skills: [
          { categoryId: lighting.id, level: 2 },
          { categoryId: lighting.id, level: 3 },
        ],
      });
      expect(twice.statusCode).toBe(400);
      expect(twice.json().error.details[0].path.join('.')).toBe('body.skills.1.categoryId');
      const unknownDept = await admin.post('/api/v1/users', {
        username: 'nodept',
        displayName: '无部门',
        password: 'long-enough',
        departmentId: '0190a000-0000-7000-8000-000000000000',
      });
      expect(unknownDept.statusCode).toBe(422);
      expect(unknownDept.json().error.details[0].path).toEqual(['body', 'departmentId']);
      expect(await countUsers()).toBe(before);
    });

    it('refuses a duplicate username (any letter case) with 409', async () => {
      await makeUser(t.systemContext(), { username: 'zhao.liu' });
      const before = await countUsers();
      const dup = await admin.post('/api/v1/users', { username: 'Zhao.Liu', displayName: '赵六', password: 'long-enough' });
      expect(dup.statusCode).toBe(409);
      expect(dup.json().error.code).toBe('duplicate_username');
      expect(await countUsers()).toBe(before);
    });

    it('only an admin changes users: an agent gets 403 but may read the staff list', async () => {
      const u = await makeUser(t.systemContext());
      expect(
        (await agent.post('/api/v1/users', { username: 'agent.made', displayName: 'x', password: 'long-enough' })).statusCode,
      ).toBe(403);
      expect((await agent.patch(`/api/v1/users/${u.id}`, { version: 1, displayName: '改名' })).statusCode).toBe(403);
      expect((await agent.post(`/api/v1/users/${u.id}/disable`, { version: 1 })).statusCode).toBe(403);
      expect((await agent.post(`/api/v1/users/${u.id}/reset-password`, { password: 'long-enough' })).statusCode).toBe(403);
      expect((await agent.get(`/api/v1/users/${u.id}`)).statusCode).toBe(200);
      expect((await agent.get('/api/v1/users')).statusCode).toBe(200);
    });

    it('replaces roles, skills and regions as sets in one versioned change, audited with before/after', async () => {
      const ctx = t.systemContext();
      const hvac = await makeCategory(ctx, { name: '暖通空调' });
      const lighting = await makeCategory(ctx, { name: '照明灯具' });
      const nj = await makeRegion(ctx, { name: '南京市' });
      const sz = await makeRegion(ctx, { name: '苏州市' });
      const u = await makeUser(ctx, { roles: ['agent'], skills: [{ categoryId: hvac.id, level: 2 }], regionIds: [nj.id] });

      const res = await admin.patch(`/api/v1/users/${u.id}`, {
        version: 1,
        roles: ['technician', 'supervisor'],
        skills: [
          { categoryId: lighting.id, level: 5 },
          { categoryId: hvac.id, level: 3 },
        ],
        regionIds: [sz.id],
      });
      expect(res.statusCode).toBe(200);
      const updated = res.json();
      expect(updated.version).toBe(2);
      expect(updated.roles).toEqual(['supervisor', 'technician']);
      expect(updated.skills.map((s: any) => [s.categoryName, s.level]).sort()).toEqual([
        ['暖通空调', 3],
        ['照明灯具', 5],
      ]);
      expect(updated.regions.map((r: any) => r.regionName)).toEqual(['苏州市']);

      const stale = await admin.patch(`/api/v1/users/${u.id}`, { version: 1, roles: [] });
      expect(stale.statusCode).toBe(409);
      expect((await admin.get(`/api/v1/users/${u.id}`)).json().roles).toEqual(['supervisor', 'technician']);

      // a bad region in the set changes nothing, not even the roles sent along
      const bad = await admin.patch(`/api/v1/users/${u.id}`, {
        version: 2,
        roles: ['agent'],
        regionIds: [sz.id, '0190a000-0000-7000-8000-000000000000'],
      });
      expect(bad.statusCode).toBe(422);
      expect(bad.json().error.details[0].path).toEqual(['body', 'regionIds', 1]);
      expect((await admin.get(`/api/v1/users/${u.id}`)).json()).toMatchObject({
        version: 2,
        roles: ['supervisor', 'technician'],
      });

      const audit = await t.database.db
        .selectFrom('audit_log')
        .selectAll()
        .where('entity_id', '=', u.id)
        .where('action', '=', 'update')
        .executeTakeFirstOrThrow();
      const before = JSON.parse(audit.before!);
      const after = JSON.parse(audit.after!);
      expect(before.roles).toEqual(['agent']);
      expect(after.roles).toEqual(['supervisor', 'technician']);
      expect(after.roleChanges).toEqual({ added: ['supervisor', 'technician'], removed: ['agent'] });
      expect(before.regionIds).toEqual([nj.id]);
      expect(after.regionIds).toEqual([sz.id]);
      expect(audit.actor_label).toBe('root.admin');
    });

    it('finds "technicians with skill X covering region Y" for dispatch', async () => {
      const ctx = t.systemContext();
      const heaters = await makeCategory(ctx, { name: '热水器' });
      const lamps = await makeCategory(ctx, { name: '筒灯' });
      const js = await makeRegion(ctx, { name: '江苏省' });
      const nanjing = await makeRegion(ctx, { name: '南京市', parentId: js.id });
      const suzhou = await makeRegion(ctx, { name: '苏州市', parentId: js.id });
      const wholeProvince = await makeUser(ctx, {
        displayName: '全省工程师',
        roles: ['technician'],
        skills: [{ categoryId: heaters.id, level: 2 }],
        regionIds: [js.id],
      });
      const nanjingExpert = await makeUser(ctx, {
        displayName: '南京专家',
        roles: ['technician'],
        skills: [{ categoryId: heaters.id, level: 5 }],
        regionIds: [nanjing.id],
      });
      await makeUser(ctx, {
        displayName: '苏州灯具',
        roles: ['technician'],
        skills: [{ categoryId: lamps.id, level: 4 }],
        regionIds: [suzhou.id],
      });
      await makeUser(ctx, {
        displayName: '南京客服',
        roles: ['agent'],
        skills: [{ categoryId: heaters.id, level: 3 }],
        regionIds: [nanjing.id],
      });

      const found = await agent.get(
        `/api/v1/users?role=technician&skillCategoryId=${heaters.id}&regionId=${nanjing.id}&sort=displayName`,
      );
      expect(found.statusCode).toBe(200);
      expect(
        found
          .json()
          .items.map((u: any) => u.id)
          .sort(),
      ).toEqual([wholeProvince.id, nanjingExpert.id].sort());

      const experts = await agent.get(`/api/v1/users?role=technician&skillCategoryId=${heaters.id}&minSkillLevel=4`);
      expect(experts.json().items.map((u: any) => u.id)).toEqual([nanjingExpert.id]);

      const inSuzhou = await agent.get(`/api/v1/users?role=technician&regionId=${suzhou.id}`);
      expect(
        inSuzhou
          .json()
          .items.map((u: any) => u.displayName)
          .sort(),
      ).toEqual(['全省工程师', '苏州灯具'].sort());

      const byName = await agent.get(`/api/v1/users?q=${encodeURIComponent('南京')}`);
      expect(
        byName
          .json()
          .items.map((u: any) => u.displayName)
          .sort(),
      ).toEqual(['南京专家', '南京客服'].sort());
    });

    it('a skill in a category covers its subcategories (the product is in 空调, the skill is 暖通空调)', async () => {
      const ctx = t.systemContext();
      const hvac = await makeCategory(ctx, { name: '暖通空调' });
      const ac = await makeCategory(ctx, { name: '空调', parentId: hvac.id });
      const generalist = await makeUser(ctx, { roles: ['technician'], skills: [{ categoryId: hvac.id, level: 4 }] });
      const specialist = await makeUser(ctx, { roles: ['technician'], skills: [{ categoryId: ac.id, level: 5 }] });
      const forAc = await agent.get(`/api/v1/users?skillCategoryId=${ac.id}`);
      expect(
        forAc
          .json()
          .items.map((u: any) => u.id)
          .sort(),
      ).toEqual([generalist.id, specialist.id].sort());
      const forHvac = await agent.get(`/api/v1/users?skillCategoryId=${hvac.id}`);
      expect(forHvac.json().items.map((u: any) => u.id)).toEqual([generalist.id]);
    });

    it('disabling a user ends his sessions at once; enabling lets him log in again', async () => {
      const u = await makeUser(t.systemContext(), { username: 'leaving.soon', roles: ['agent'] });
      const session = await login('leaving.soon');
      expect((await me(session.cookie)).statusCode).toBe(200);

      const disabled = await admin.post(`/api/v1/users/${u.id}/disable`, { version: 1 });
      expect(disabled.statusCode).toBe(200);
      expect(disabled.json()).toMatchObject({ status: 'disabled', version: 2 });
      expect((await me(session.cookie)).statusCode).toBe(401);
      expect((await login('leaving.soon')).status).toBe(401);
      const revoked = await t.database.db.selectFrom('sessions').select('revoked_at').where('user_id', '=', u.id).execute();
      expect(revoked.every((s) => s.revoked_at !== null)).toBe(true);

      expect((await admin.post(`/api/v1/users/${u.id}/disable`, { version: 2 })).statusCode).toBe(409);
      expect((await admin.get('/api/v1/users?status=disabled')).json().items.map((x: any) => x.id)).toContain(u.id);

      const enabled = await admin.post(`/api/v1/users/${u.id}/enable`, { version: 2 });
      expect(enabled.json().status).toBe('active');
      expect((await login('leaving.soon')).status).toBe(200);
      const actions = await t.database.db
        .selectFrom('audit_log')
        .select('action')
        .where('entity_id', '=', u.id)
        .orderBy('at')
        .orderBy('id')
        .execute();
      expect(actions.map((a) => a.action)).toEqual(['create', 'disable', 'enable']);
    });

    it('an admin can neither disable himself nor drop his own admin role (422)', async () => {
      const self = await admin.get(`/api/v1/users/${admin.userId}`);
      const version = self.json().version;
      const disable = await admin.post(`/api/v1/users/${admin.userId}/disable`, { version });
      expect(disable.statusCode).toBe(422);
      expect(disable.json().error.code).toBe('cannot_disable_self');
      const demote = await admin.patch(`/api/v1/users/${admin.userId}`, { version, roles: ['agent'] });
      expect(demote.statusCode).toBe(422);
      expect(demote.json().error.code).toBe('cannot_remove_own_admin_role');
      const stillAdmin = await admin.get(`/api/v1/users/${admin.userId}`);
      expect(stillAdmin.json()).toMatchObject({ roles: ['admin'], status: 'active', version });
      // adding a role to oneself while keeping admin is fine
      const more = await admin.patch(`/api/v1/users/${admin.userId}`, { version, roles: ['admin', 'supervisor'] });
      expect(more.statusCode).toBe(200);
    });

    it("reset-password (admin) replaces the password and ends the user's sessions", async () => {
      const u = await makeUser(t.systemContext(), { username: 'forgot.pw', roles: ['agent'] });
      const session = await login('forgot.pw');
      const res = await admin.post(`/api/v1/users/${u.id}/reset-password`, { password: 'Brand-new-pw1' });
      expect(res.statusCode).toBe(200);
      expect(res.body).not.toContain('argon2');
      expect((await me(session.cookie)).statusCode).toBe(401);
      expect((await login('forgot.pw')).status).toBe(401);
      expect((await login('forgot.pw', 'Brand-new-pw1')).status).toBe(200);
      const short = await admin.post(`/api/v1/users/${u.id}/reset-password`, { password: '1234567' });
      expect(short.statusCode).toBe(400);
      expect(short.json().error.details[0].path).toEqual(['body', 'password']);
      const audit = await t.database.db.selectFrom('audit_log').selectAll().where('entity_id', '=', u.id).execute();
      expect(audit.map((a) => a.action)).toContain('reset_password');
      expect(JSON.stringify(audit)).not.toContain('Brand-new-pw1');
    });

    it('change-password: needs the current password, keeps this session, ends the others', async () => {
      await makeUser(t.systemContext(), { username: 'careful.user', roles: ['technician'] });
      const phone = await login('careful.user');
      const desk = await login('careful.user');

      const wrong = await as(desk.cookie, 'POST', '/api/v1/auth/change-password', {
        currentPassword: 'nope',
        newPassword: 'Another-pw-22',
      });
      expect(wrong.statusCode).toBe(422);
      expect(wrong.json().error.code).toBe('wrong_current_password');
      const same = await as(desk.cookie, 'POST', '/api/v1/auth/change-password', {
        currentPassword: TEST_PASSWORD,
        newPassword: TEST_PASSWORD,
      });
      expect(same.statusCode).toBe(422);
      const short = await as(desk.cookie, 'POST', '/api/v1/auth/change-password', {
        currentPassword: TEST_PASSWORD,
        newPassword: 'x',
      });
      expect(short.statusCode).toBe(400);

      const ok = await as(desk.cookie, 'POST', '/api/v1/auth/change-password', {
        currentPassword: TEST_PASSWORD,
        newPassword: 'Another-pw-22',
      });
      expect(ok.statusCode).toBe(200);
      expect((await me(desk.cookie)).statusCode).toBe(200);
      expect((await me(phone.cookie)).statusCode).toBe(401);
      expect((await login('careful.user')).status).toBe(401);
      expect((await login('careful.user', 'Another-pw-22')).status).toBe(200);

      const anonymous = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/change-password',
        payload: { currentPassword: 'a', newPassword: 'long-enough' },
      });
      expect(anonymous.statusCode).toBe(401);
    });

    it('pages through users sorted by display name; unknown id is 404', async () => {
      const page1 = (await agent.get('/api/v1/users?limit=3&sort=displayName')).json();
      expect(page1.items).toHaveLength(3);
      const page2 = (await agent.get(`/api/v1/users?limit=3&sort=displayName&cursor=${page1.nextCursor}`)).json();
      const ids1 = page1.items.map((u: any) => u.id);
      expect(page2.items.some((u: any) => ids1.includes(u.id))).toBe(false);
      expect((await agent.get('/api/v1/users/0190a000-0000-7000-8000-000000000000')).statusCode).toBe(404);
      expect((await agent.get('/api/v1/users?role=boss')).statusCode).toBe(400);
    });
  });
});
