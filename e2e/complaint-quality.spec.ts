import { describe, expect, it } from 'vitest';
import {
  apiLogin,
  browserSuite,
  DEMO_PASSWORD,
  eventually,
  loginInBrowser,
  newPage,
  PHONE,
  screenshot,
} from './support';

/**
 * A quality complaint in the browser (issue 4, R-CMP-1..9): agent1 registers it (产品质量 / 性能),
 * acknowledges and verifies it, records the investigation and two corrective/preventive actions;
 * the department head (王志强) signs the action plan; agent1 records the resolution and tells the
 * complainant, who opens the link on a phone and is not satisfied; another round; the complainant
 * confirms; quality (林静) verifies the actions and signs the closed-loop tracking sheet; the general
 * manager (陈国华) approves the closure.
 */
describe('complaint: quality complaint through three signatures and the complainant’s confirmation', () => {
  const suite = browserSuite();

  it('intake → investigation → two actions → plan signed → rejected once → confirmed → tracking sheet → closure approved', async () => {
    const { server, browser } = suite;
    const desk = await newPage(browser, server);
    suite.page = desk;
    await loginInBrowser(desk, server, { username: 'agent1', password: DEMO_PASSWORD });
    const dialog = desk.getByRole('dialog');
    const state = () => desk.getByTestId('case-state').first().textContent();
    const act = async (action: string, fill?: () => Promise<void>) => {
      await desk.getByTestId(`action-${action}`).click();
      await dialog.waitFor();
      if (fill) await fill();
      await dialog.getByTestId('action-confirm').click();
      await dialog.waitFor({ state: 'hidden' });
    };
    /** Choose an option of a select in the dialog; the list may still be refreshing from the search, so check it took. */
    const pick = async (testId: string, text: string, typed?: string) => {
      const select = dialog.getByTestId(testId);
      for (let attempt = 0; attempt < 3; attempt += 1) {
        await select.click();
        if (typed && attempt === 0) await desk.keyboard.type(typed, { delay: 20 });
        const option = desk.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: text }).first();
        await option.waitFor();
        await desk.waitForTimeout(300); // let the search's results settle
        await option.click();
        if (((await select.textContent()) ?? '').includes(text)) return;
      }
      throw new Error(`could not choose ${text} in ${testId}`);
    };

    // ── 登记投诉
    await desk.locator('[data-testid=app-sider]').getByRole('link', { name: '投诉管理' }).click();
    await desk.getByRole('heading', { level: 1, name: '投诉管理' }).waitFor();
    await desk.getByRole('button', { name: '登记投诉' }).click();
    await desk.getByRole('heading', { level: 1, name: '登记投诉' }).waitFor();
    await desk.getByTestId('complaint-category').click();
    await desk.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '产品质量' }).click();
    await desk.getByTestId('complaint-subcategory').click();
    await desk.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '性能' }).click();
    await desk.getByLabel('投诉人').fill('王经理');
    await desk.getByTestId('complaint-phone').fill('13912345678');
    await desk.getByTestId('complaint-title').fill('新装空调运行噪音大，影响办公');
    await desk.getByLabel('投诉内容').fill('三台空调运行时噪音明显，客户要求尽快处理');
    await desk.getByRole('button', { name: '登记投诉' }).last().click();
    await desk.getByRole('heading', { level: 1, name: /TS-\d{4}-\d{6}/ }).waitFor();
    const caseId = desk.url().split('/cases/')[1]!;
    const panel = desk.getByTestId('complaint-panel');
    await panel.waitFor();
    await expect(state()).resolves.toBe('新建');
    await expect(panel.getByTestId('complaint-actor').textContent()).resolves.toBe('客服');

    // ── 受理登记, 核实
    await act('acknowledge');
    await eventually(state).toBe('待核实');
    await act('verify', async () => {
      await dialog.getByRole('radio', { name: '属实，进入投诉调查' }).check();
      await dialog.getByTestId('verify-facts').fill('现场测得运行噪音 72 分贝，投诉属实');
    });
    await eventually(state).toBe('投诉调查');
    await expect(panel.getByTestId('complaint-actor').textContent()).resolves.toBe('责任部门');

    // ── 投诉调查
    await panel.getByTestId('edit-investigation').click();
    await dialog.waitFor();
    await dialog.getByTestId('add-evidence').click();
    await dialog.getByPlaceholder('说明，如质检报告编号').fill('质检报告 QC-2026-031：风扇动平衡超差');
    await dialog.getByTestId('root-cause').fill('风扇叶片动平衡工序漏检');
    await dialog.getByRole('radio', { name: '公司' }).check();
    await pick('departments', '维修服务部');
    await desk.keyboard.press('Escape');
    await dialog.getByTestId('command-confirm').click();
    await dialog.waitFor({ state: 'hidden' });
    await eventually(() => panel.getByTestId('complaint-root-cause').textContent()).toBe('风扇叶片动平衡工序漏检');
    await act('submit_analysis');
    await eventually(state).toBe('制定措施');

    // ── two actions, owner 王志强
    for (const [kind, text] of [
      ['纠正措施', '返工三台空调风扇并复测噪音'],
      ['工艺 / 流程变更', '动平衡工序增加100%全检'],
    ] as const) {
      await panel.getByTestId('add-capa').click();
      await dialog.waitFor();
      await dialog.getByRole('radio', { name: kind }).check();
      await dialog.getByTestId('capa-description').fill(text);
      await pick('capa-owner', '王志强', '王志强');
      await dialog.getByPlaceholder('请选择日期').click();
      await dialog.getByPlaceholder('请选择日期').fill('2030-12-31');
      await dialog.getByPlaceholder('请选择日期').press('Enter');
      await dialog.getByTestId('command-confirm').click();
      await dialog.waitFor({ state: 'hidden' });
      await panel.getByText(text).waitFor();
    }
    await act('submit_plan');
    await eventually(state).toBe('待部门经理审核');
    // the agent cannot sign the plan
    await expect(desk.getByTestId('action-sign_plan').count()).resolves.toBe(0);

    // ── 部门经理 signs the action plan
    const headPage = await newPage(browser, server);
    suite.page = headPage;
    await loginInBrowser(headPage, server, { username: 'head', password: DEMO_PASSWORD });
    await headPage.goto(`${server.baseUrl}/cases/${caseId}`);
    await headPage.getByTestId('action-sign_plan').click();
    await headPage.getByRole('dialog').getByTestId('action-note').fill('同意处理方案');
    await headPage.getByRole('dialog').getByTestId('action-confirm').click();
    await eventually(() => headPage.getByTestId('case-state').first().textContent()).toBe('处理中');

    // ── agent1: resolution, handling done, result told
    suite.page = desk;
    await desk.reload();
    await eventually(state).toBe('处理中');
    await panel.getByTestId('edit-resolution').click();
    await dialog.waitFor();
    await dialog.getByRole('checkbox', { name: '维修' }).check();
    await dialog.getByRole('checkbox', { name: '赔偿' }).check();
    await dialog.getByTestId('compensation-yuan').fill('2000');
    await dialog.getByTestId('resolution-note').fill('上门返修三台空调并赔偿停工损失');
    await dialog.getByTestId('command-confirm').click();
    await dialog.waitFor({ state: 'hidden' });
    await panel.getByTestId('complaint-resolution').getByText('上门返修三台空调并赔偿停工损失').waitFor();
    await panel.getByTestId('complaint-resolution').getByText('赔偿 ¥2,000.00').waitFor();
    // the repair goes on as a linked 报修 case of the complainant
    await desk.getByText(/投诉 TS-\d{4}-\d{6} 处理：维修/).first().waitFor();
    await act('complete_handling');
    await eventually(state).toBe('待反馈客户');
    await act('send_result', async () => {
      await dialog.getByTestId('action-note').fill('已返修三台空调，噪音降至 45 分贝；停工损失已赔偿。');
    });
    await eventually(state).toBe('待投诉人确认');
    const linkFromPanel = async () => {
      await panel.getByTestId('new-link').click();
      const url = (await panel.getByTestId('confirmation-url').textContent())!.trim();
      expect(url).toContain(`/confirm/complaint/${caseId}?token=`);
      return url;
    };

    // ── the complainant on a phone, no login: not satisfied
    const phone = await newPage(browser, server, { viewport: PHONE });
    suite.page = phone;
    await phone.goto(await linkFromPanel());
    await phone.getByRole('heading', { level: 1, name: '投诉处理结果确认' }).waitFor();
    await expect(phone.getByTestId('confirm-text').textContent()).resolves.toContain('噪音降至 45 分贝');
    await screenshot(phone, 'complaint-confirm-phone');
    await phone.getByRole('button', { name: '不满意' }).click();
    await phone.getByLabel('不满意的原因').fill('第三台仍有异响');
    await phone.getByRole('button', { name: '提交，要求重新处理' }).click();
    await eventually(() => phone.getByTestId('confirm-result').textContent()).toBe('已收到您的意见，我们将重新处理并尽快与您联系');

    // ── another round
    suite.page = desk;
    await desk.reload();
    await eventually(state).toBe('处理中');
    await panel.getByText('第 2 轮，不满意 1 次').waitFor();
    await act('complete_handling');
    await act('send_result', async () => {
      await dialog.getByTestId('action-note').fill('第三台空调已更换风扇电机，复测 43 分贝。');
    });
    await eventually(state).toBe('待投诉人确认');
    const second = await linkFromPanel();
    suite.page = phone;
    await phone.goto(second);
    await eventually(() => phone.getByTestId('confirm-text').textContent()).toContain('更换风扇电机');
    await phone.getByRole('button', { name: '满意，确认结案' }).click();
    await eventually(() => phone.getByTestId('confirm-result').textContent()).toBe('感谢您的确认，本次投诉已结案');

    // ── the owner completes the actions (API), quality verifies them and signs the tracking sheet
    const head = await apiLogin(server.baseUrl, 'head', DEMO_PASSWORD);
    for (const a of (await head.get(`/complaints/${caseId}`)).actions) {
      await head.post(`/complaints/capa/${a.id}`, { action: 'complete', evidence: '复测记录与工艺文件', version: a.version });
    }
    const qualityPage = await newPage(browser, server);
    suite.page = qualityPage;
    await loginInBrowser(qualityPage, server, { username: 'quality', password: DEMO_PASSWORD });
    await qualityPage.goto(`${server.baseUrl}/cases/${caseId}`);
    await eventually(() => qualityPage.getByTestId('case-state').first().textContent()).toBe('投诉人已确认');
    const qualityPanel = qualityPage.getByTestId('complaint-panel');
    for (let i = 0; i < 2; i += 1) {
      await qualityPanel.getByRole('button', { name: '验证通过' }).first().click();
      await eventually(() => qualityPanel.getByRole('button', { name: '验证通过' }).count()).toBe(1 - i);
    }
    await qualityPage.getByTestId('action-sign_tracking_sheet').click();
    await qualityPage.getByRole('dialog').getByTestId('action-note').fill('闭环跟踪单已核对');
    await qualityPage.getByRole('dialog').getByTestId('action-confirm').click();
    await eventually(() => qualityPage.getByTestId('case-state').first().textContent()).toBe('待总经理批准');

    // ── the general manager approves the closure
    const gmPage = await newPage(browser, server);
    suite.page = gmPage;
    await loginInBrowser(gmPage, server, { username: 'gm', password: DEMO_PASSWORD });
    await gmPage.goto(`${server.baseUrl}/cases/${caseId}`);
    await gmPage.getByTestId('action-approve_closure').click();
    await gmPage.getByRole('dialog').getByTestId('action-confirm').click();
    await eventually(() => gmPage.getByTestId('case-state').first().textContent()).toBe('已结案');
    const signatures = gmPage.getByTestId('complaint-signatures');
    await signatures.getByText('部门经理签署处理方案').waitFor();
    await signatures.getByText('品质部签署客户投诉闭环跟踪单').waitFor();
    await signatures.getByText('总经理批准结案').waitFor();
    await screenshot(gmPage, 'complaint-closed');

    const view = await head.get(`/complaints/${caseId}`);
    expect(view.complaint).toMatchObject({ rounds: 2, unsatisfiedCount: 1, confirmedVia: 'link' });
    expect(view.actions.map((a: { state: string }) => a.state)).toEqual(['verified', 'verified']);
  });
});
