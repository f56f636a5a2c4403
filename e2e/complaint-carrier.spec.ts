import { describe, expect, it } from 'vitest';
import {
  apiLogin,
  browserSuite,
  DEMO_PASSWORD,
  eventually,
  loginInBrowser,
  newPage,
} from './support';

/**
 * A carrier-fault complaint in the browser (R-CMP-3): agent1 registers a 交付 complaint about a
 * damaged delivery, acknowledges it and verifies that the carrier caused it; the facts are replied
 * to the complainant and the complaint closes at verification — no investigation, no signatures.
 */
describe('complaint: carrier fault closed at verification', () => {
  const suite = browserSuite();

  it('agent1 verifies a third-party fault and the complaint is closed with the facts', async () => {
    const { server, browser } = suite;
    const desk = await newPage(browser, server);
    suite.page = desk;
    await loginInBrowser(desk, server, { username: 'agent1', password: DEMO_PASSWORD });
    const dialog = desk.getByRole('dialog');
    const state = () => desk.getByTestId('case-state').textContent();

    await desk.goto(`${server.baseUrl}/complaints/new`);
    await desk.getByRole('heading', { level: 1, name: '登记投诉' }).waitFor();
    await desk.getByTestId('complaint-category').click();
    await desk.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '交付' }).click();
    await desk.getByLabel('投诉人').fill('刘女士');
    await desk.getByTestId('complaint-phone').fill('13687654321');
    await desk.getByLabel('电子邮箱').fill('liu@example.com');
    await desk.getByTestId('complaint-title').fill('到货外箱破损，机身划伤');
    await desk.getByRole('button', { name: '登记投诉' }).last().click();
    await desk.getByRole('heading', { level: 1, name: /TS-\d{4}-\d{6}/ }).waitFor();
    const caseId = desk.url().split('/cases/')[1]!;

    await desk.getByTestId('action-acknowledge').click();
    await dialog.getByTestId('action-confirm').click();
    await dialog.waitFor({ state: 'hidden' });
    await eventually(state).toBe('待核实');

    await desk.getByTestId('action-verify').click();
    await dialog.getByRole('radio', { name: '第三方原因（如承运商）' }).check();
    await dialog.getByTestId('verify-facts').fill('物流签收单注明外箱破损，系承运商运输途中造成，已协助客户向承运商索赔。');
    await dialog.getByTestId('action-confirm').click();
    await dialog.waitFor({ state: 'hidden' });
    await eventually(state).toBe('已结案');
    const panel = desk.getByTestId('complaint-panel');
    await expect(panel.getByTestId('complaint-verification').textContent()).resolves.toContain('承运商运输途中造成');
    await expect(desk.getByTestId('case-actions').getByRole('button').count()).resolves.toBe(0);

    // the reply went to the complainant with the facts; the follow-ups were scheduled
    const admin = await apiLogin(server.baseUrl, 'admin', DEMO_PASSWORD);
    const view = await admin.get(`/complaints/${caseId}`);
    expect(view.complaint).toMatchObject({ verificationResult: 'third_party', closureReason: 'third_party' });
    expect(view.case.timeline.map((e: { kind: string }) => e.kind)).toEqual(expect.arrayContaining(['customer_notified', 'followup_scheduled']));
  });
});
