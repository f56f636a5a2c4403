import { Form, Input, Radio } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { type CaseDetail, caseKeys } from '../cases/api';
import { registerCaseActionForm, registerCaseWorkflowActions } from '../cases/extensions';
import { type ComplaintView, complaintKeys, useComplaint, VERIFICATION_RESULTS } from './api';

/**
 * The complaint workflow's actions on the case page (R-CMP-3..9). The complaint's own view lists
 * the actions this user may take (quality and the general manager sign without working the case),
 * and they go through POST /complaints/:id/actions; these forms collect what an action needs.
 */
const COMPLAINT = 'complaint';

registerCaseWorkflowActions(COMPLAINT, {
  useAllowedActions: (detail) => {
    const q = useComplaint(detail.id, detail.version);
    return { actions: q.data?.case.allowedActions, error: q.error ?? undefined };
  },
  run: async (detail, body, { queryClient }) => {
    const view = await api.post<ComplaintView>(`/complaints/${detail.id}/actions`, body);
    queryClient.setQueryData(caseKeys.detail(detail.id), view.case);
    await queryClient.invalidateQueries({ queryKey: complaintKeys.detail(detail.id) });
    return view.case as CaseDetail;
  },
});

// ---------------------------------------------------------------- 核实 (R-CMP-3)
function VerifyFields() {
  const { t } = useTranslation('complaints');
  return (
    <>
      <Form.Item name={['data', 'result']} label={t('verify.result')} rules={[{ required: true, message: t('common:field.required') }]}>
        <Radio.Group>
          {VERIFICATION_RESULTS.map((r) => (
            <Radio key={r} value={r} style={{ display: 'block', marginBottom: 4 }}>
              {t(`verification.${r}`)}
            </Radio>
          ))}
        </Radio.Group>
      </Form.Item>
      <Form.Item
        name={['data', 'facts']}
        label={t('verify.facts')}
        extra={t('verify.factsHint')}
        rules={[{ required: true, whitespace: true, message: t('common:field.required') }]}
      >
        <Input.TextArea rows={3} maxLength={4000} data-testid="verify-facts" />
      </Form.Item>
    </>
  );
}
registerCaseActionForm(COMPLAINT, 'verify', { Fields: VerifyFields });

// ---------------------------------------------------------------- 电话确认 (R-CMP-9)
function CallFields() {
  const { t } = useTranslation('complaints');
  return (
    <Form.Item name={['data', 'satisfied']} label={t('call.satisfied')} rules={[{ required: true, message: t('common:field.required') }]}>
      <Radio.Group>
        <Radio value={true}>{t('call.yes')}</Radio>
        <Radio value={false}>{t('call.no')}</Radio>
      </Radio.Group>
    </Form.Item>
  );
}
registerCaseActionForm(COMPLAINT, 'record_call', { Fields: CallFields, noteRequired: true });

// actions whose note is the text that matters (the result, the reason of a rejection, the written reply)
const NoFields = () => null;
for (const action of ['send_result', 'attach_reply', 'reject_plan', 'reject_tracking_sheet', 'reject_closure']) {
  registerCaseActionForm(COMPLAINT, action, { Fields: NoFields, noteRequired: true });
}
