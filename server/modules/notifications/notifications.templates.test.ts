import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TEMPLATES,
  familyNameOf,
  placeholdersFor,
  placeholdersIn,
  renderTemplate,
  salutationFor,
  signatureBlock,
  TEMPLATE_KEYS,
} from './notifications.templates.js';

describe('salutation (称呼)', () => {
  it('addresses VIP customers as 尊敬的贵宾 whatever their name', () => {
    expect(salutationFor({ vip: true, personName: '张伟' })).toBe('尊敬的贵宾');
    expect(salutationFor({ vip: true })).toBe('尊敬的贵宾');
  });

  it('uses the family name with 先生/女士 when the gender is unknown', () => {
    expect(salutationFor({ vip: false, personName: '张伟' })).toBe('张先生/女士您好');
    expect(salutationFor({ vip: false, personName: '王芳', gender: 'female' })).toBe('王女士您好');
    expect(salutationFor({ vip: false, personName: '李强', gender: 'male' })).toBe('李先生您好');
  });

  it('falls back to 尊敬的客户您好 without a name', () => {
    expect(salutationFor({ vip: false, personName: '' })).toBe('尊敬的客户您好');
    expect(salutationFor({ vip: false, personName: null })).toBe('尊敬的客户您好');
  });

  it('knows two-character family names and latin names', () => {
    expect(familyNameOf('欧阳娜娜')).toBe('欧阳');
    expect(familyNameOf('司马光')).toBe('司马');
    expect(familyNameOf('欧阳')).toBe('欧'); // a two-character name is surname + given name
    expect(familyNameOf(' 张 三 ')).toBe('张');
    expect(familyNameOf('John Smith')).toBe('Smith');
    expect(familyNameOf('   ')).toBeNull();
  });
});

describe('rendering', () => {
  it('fills placeholders and renders missing values as nothing', () => {
    expect(renderTemplate('{{salutation}}：工单号 {{ caseNumber }}，{{missing}}完', { salutation: '尊敬的贵宾', caseNumber: 'BX-2026-000123' })).toBe(
      '尊敬的贵宾：工单号 BX-2026-000123，完',
    );
    expect(renderTemplate('{{n}}', { n: 0 })).toBe('0');
  });

  it('lists the placeholders a text uses', () => {
    expect(placeholdersIn('{{a}} {{b}} {{a}} {{ c_d }} {b}')).toEqual(['a', 'b', 'c_d']);
  });

  it('builds the signature block with the agent and the hotline', () => {
    expect(signatureBlock({ signature: '某某科技 售后服务中心', hotline: '400-800-1234' }, '李客服')).toBe(
      '某某科技 售后服务中心\n客服：李客服  服务热线：400-800-1234',
    );
    expect(signatureBlock({ signature: '售后服务中心', hotline: '' }, null)).toBe('售后服务中心');
  });

  it('ships only templates whose placeholders the senders fill in', () => {
    for (const t of DEFAULT_TEMPLATES) {
      expect(TEMPLATE_KEYS[t.key], t.key).toBeDefined();
      const allowed = placeholdersFor(t.key);
      for (const p of placeholdersIn(`${t.subject ?? ''} ${t.body}`)) expect(allowed, `${t.key}/${t.channel}: ${p}`).toContain(p);
      if (t.channel === 'email') expect(t.subject, `${t.key} needs a subject`).toBeTruthy();
    }
  });

  it('puts the case number in brackets in customer e-mail subjects (replies find the case)', () => {
    for (const t of DEFAULT_TEMPLATES.filter((d) => d.channel === 'email' && TEMPLATE_KEYS[d.key].audience === 'customer')) {
      expect(t.subject).toContain('[{{caseNumber}}]');
    }
  });
});
