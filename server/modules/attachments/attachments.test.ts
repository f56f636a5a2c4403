import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from '../../testing/app.js';
import { actingAs, caseInput, makeCaller, prepareCaseCore } from '../../testing/factories/cases.js';
import { openCase } from '../cases/cases.service.js';
import { saveAttachment } from './attachments.service.js';
import { multipartBody, sampleFiles } from './testing.js';

/** Attachments through HTTP on a real database: upload, list, download, type and size checks, access. */
describe('attachments', () => {
  let t: TestApp;
  let agent: TestClient;
  let admin: TestClient;
  let technician: TestClient;
  let quality: TestClient;
  let caseId: string;
  let customerId: string;
  let unitId: string;

  beforeAll(async () => {
    t = await createTestApp();
    await prepareCaseCore(t.systemContext());
    agent = await t.userWith(['agent']);
    admin = await t.userWith(['admin']);
    technician = await t.userWith(['technician']);
    quality = await t.userWith(['quality']);
    const caller = await makeCaller(t.systemContext(), { name: '深圳市附件测试有限公司' });
    customerId = caller.customer.id;
    unitId = caller.unit.id;
    const opened = await openCase(actingAs(t.systemContext(), { id: agent.userId, roles: ['agent'] }), caseInput({ customerId, unitId }));
    caseId = opened.case.id;
  });
  afterAll(async () => t.close());

  const upload = (client: TestClient, fields: Record<string, string>, file?: Parameters<typeof multipartBody>[1]) => {
    const body = multipartBody(fields, file);
    return client.request('POST', '/api/v1/attachments', body.payload, body.headers);
  };
  const count = async () => Number((await t.database.db.selectFrom('attachments').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it('stores a photo on a case, lists it, downloads the same bytes with the Chinese name, and shows it on the timeline', async () => {
    const png = sampleFiles.png();
    const res = await upload(agent, { entity: 'case', entityId: caseId }, { fileName: '现场照片 1.png', contentType: 'image/png', content: png });
    expect(res.statusCode).toBe(201);
    const saved = res.json();
    expect(saved).toMatchObject({ entity: 'case', entityId: caseId, fileName: '现场照片 1.png', mimeType: 'image/png', sizeBytes: png.length, source: 'upload', image: true });
    expect(saved.uploadedBy.id).toBe(agent.userId);

    const list = await agent.get(`/api/v1/attachments?entity=case&entityId=${caseId}`);
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((a: any) => a.id)).toContain(saved.id);

    const download = await agent.get(`/api/v1${saved.downloadPath}`);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('image/png');
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(download.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('现场照片 1.png')}`);
    expect(download.rawPayload.equals(png)).toBe(true);
    const inline = await agent.get(`/api/v1${saved.downloadPath}?inline=true`);
    expect(inline.headers['content-disposition']).toMatch(/^inline;/);

    const timeline = (await agent.get(`/api/v1/cases/${caseId}`)).json().timeline;
    expect(timeline.some((e: any) => e.kind === 'attachment_added' && e.data?.attachmentId === saved.id)).toBe(true);
    const audit = await t.database.db.selectFrom('audit_log').selectAll().where('entity', '=', 'attachment').where('entity_id', '=', saved.id).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0].after).not.toContain('content');
  });

  it('decides the type by content: a program named photo.jpg is refused with 415 and nothing is stored', async () => {
    const before = await count();
    const res = await upload(agent, { entity: 'case', entityId: caseId }, { fileName: 'photo.jpg', contentType: 'image/jpeg', content: sampleFiles.exe() });
    expect(res.statusCode).toBe(415);
    expect(res.json().error.code).toBe('unsupported_file_type');
    expect(res.json().error.message).toContain('photo.jpg');
    expect(await count()).toBe(before);
  });

  it('refuses a file larger than the setting with 413 and stores nothing; the administrator changes the limit', async () => {
    const settings = (await admin.get('/api/v1/settings/attachments')).json();
    expect(settings.maxBytes).toBe(10 * 1024 * 1024);
    expect((await agent.put('/api/v1/settings/attachments', { version: settings.version, maxBytes: 100_000 })).statusCode).toBe(403);
    const changed = await admin.put('/api/v1/settings/attachments', { version: settings.version, maxBytes: 100_000 });
    expect(changed.statusCode).toBe(200);
    const stale = await admin.put('/api/v1/settings/attachments', { version: settings.version, maxBytes: 200_000 });
    expect(stale.statusCode).toBe(409);

    const before = await count();
    const big = await upload(agent, { entity: 'case', entityId: caseId }, { fileName: '大照片.jpg', content: sampleFiles.jpeg(100_001) });
    expect(big.statusCode).toBe(413);
    expect(big.json().error.code).toBe('file_too_large');
    expect(await count()).toBe(before);
    const fits = await upload(agent, { entity: 'case', entityId: caseId }, { fileName: '照片.jpg', content: sampleFiles.jpeg(100_000) });
    expect(fits.statusCode).toBe(201);

    const restored = await admin.put('/api/v1/settings/attachments', { version: changed.json().version, maxBytes: 10 * 1024 * 1024 });
    expect(restored.statusCode).toBe(200);
  });

  it('keeps proof of purchase on a unit and documents on a customer (customer.write to add, customer.read to see)', async () => {
    const pdf = await upload(agent, { entity: 'unit', entityId: unitId }, { fileName: '购买凭证.pdf', content: sampleFiles.pdf() });
    expect(pdf.statusCode).toBe(201);
    expect(pdf.json().mimeType).toBe('application/pdf');
    const docx = await upload(agent, { entity: 'customer', entityId: customerId }, { fileName: '合同', content: sampleFiles.docx() });
    expect(docx.statusCode).toBe(201);
    expect(docx.json().fileName).toBe('合同.docx');

    expect((await upload(quality, { entity: 'unit', entityId: unitId }, { fileName: 'x.pdf', content: sampleFiles.pdf() })).statusCode).toBe(403);
    const seen = await quality.get(`/api/v1/attachments?entity=unit&entityId=${unitId}`);
    expect(seen.statusCode).toBe(200);
    expect(seen.json().items).toHaveLength(1);
  });

  it('lets a technician neither see nor add files of a case that is not his (403)', async () => {
    const files = (await agent.get(`/api/v1/attachments?entity=case&entityId=${caseId}`)).json().items;
    expect((await technician.get(`/api/v1/attachments?entity=case&entityId=${caseId}`)).statusCode).toBe(403);
    expect((await technician.get(`/api/v1/attachments/${files[0].id}`)).statusCode).toBe(403);
    const res = await upload(technician, { entity: 'case', entityId: caseId }, { fileName: 'a.png', content: sampleFiles.png() });
    expect(res.statusCode).toBe(403);
  });

  it('answers bad uploads with clear 4xx: unknown record kind, unknown record, missing fields or file, empty file', async () => {
    const before = await count();
    const kind = await upload(agent, { entity: 'spaceship', entityId: caseId }, { fileName: 'a.png', content: sampleFiles.png() });
    expect(kind.statusCode).toBe(400);
    expect(kind.json().error.details[0].path).toEqual(['body', 'entity']);
    const unknown = await upload(agent, { entity: 'case', entityId: '019a0000-0000-7000-8000-000000000000' }, { fileName: 'a.png', content: sampleFiles.png() });
    expect(unknown.statusCode).toBe(404);
    const noFields = await upload(agent, {}, { fileName: 'a.png', content: sampleFiles.png() });
    expect(noFields.statusCode).toBe(400);
    expect(noFields.json().error.details.map((d: any) => d.path.join('.'))).toEqual(['body.entity', 'body.entityId']);
    const noFile = await upload(agent, { entity: 'case', entityId: caseId });
    expect(noFile.statusCode).toBe(400);
    const empty = await upload(agent, { entity: 'case', entityId: caseId }, { fileName: 'a.png', content: Buffer.alloc(0) });
    expect(empty.statusCode).toBe(400);
    expect(await count()).toBe(before);
    expect((await agent.get('/api/v1/attachments/019a0000-0000-7000-8000-000000000000')).statusCode).toBe(404);
  });

  it('accepts the JSON form with base64 content (integrations)', async () => {
    const res = await agent.post('/api/v1/attachments', {
      entity: 'case',
      entityId: caseId,
      fileName: '说明.txt',
      contentBase64: Buffer.from('客户说明：晚上九点后再来电。').toString('base64'),
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().mimeType).toBe('text/plain');
    const bad = await agent.post('/api/v1/attachments', { entity: 'case', entityId: caseId, fileName: 'x.jpg', contentBase64: sampleFiles.exe().toString('base64') });
    expect(bad.statusCode).toBe(415);
  });

  it('saveAttachment for other modules: a signature must be a PNG', async () => {
    const ctx = actingAs(t.systemContext(), { id: agent.userId, roles: ['agent'] });
    const sig = await saveAttachment(ctx, { entity: 'case', entityId: caseId, fileName: '客户签字', content: sampleFiles.png(), source: 'signature' });
    expect(sig).toMatchObject({ source: 'signature', fileName: '客户签字.png', mimeType: 'image/png' });
    await expect(
      saveAttachment(ctx, { entity: 'case', entityId: caseId, fileName: 'sig.jpg', content: sampleFiles.jpeg(), source: 'signature' }),
    ).rejects.toMatchObject({ statusCode: 415, code: 'unsupported_file_type' });
  });

  it('lists the endpoints in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/docs/json' })).json();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/attachments', '/api/v1/attachments/{id}', '/api/v1/settings/attachments']));
  });
});
