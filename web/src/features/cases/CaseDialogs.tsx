import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, type ButtonProps, Form, Input, Modal, Radio, Select, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../api/client';
import { useShowApiError } from '../../components/apiErrors';
import { type CaseDetail, useCaseSearch, useUserOptions } from './api';
import { type CaseActionBody, caseActionForm, caseWorkflowActions, isCoreCaseAction } from './extensions';
import { actionLabel, stateLabel } from './labels';
import { useDebounced } from './useDebounced';

/** Actions whose workflow wants a note (the reason, the reply text): the dialog asks for it before sending. */
export const NOTE_REQUIRED_ACTIONS = new Set([
  'reply',
  'resolve',
  'reopen',
  'cancel',
  'decline',
  'decline_scope',
  'customer_reject',
  'fail_inspection',
  'escalate',
  'send_to_factory',
  'decide_reject',
]);

/** Ctrl+Enter in a text area submits its form (the way agents already save in every dialog). */
function submitOnCtrlEnter(submit: () => void) {
  return (e: React.KeyboardEvent) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      e.stopPropagation();
      submit();
    }
  };
}

/** Active users to pick from (GET /users); `staffRole` narrows the list (technicians for dispatch). */
function UserSelect({
  value,
  onChange,
  staffRole,
  excludeId,
  testId,
}: {
  value?: string;
  onChange?: (id: string) => void;
  staffRole?: string;
  excludeId?: string;
  testId?: string;
}) {
  const [text, setText] = useState('');
  const q = useDebounced(text, 200);
  const users = useUserOptions(q);
  const options = (users.data?.items ?? [])
    .filter((u) => (!staffRole || (u.roles as string[]).includes(staffRole)) && u.id !== excludeId)
    .map((u) => ({
      value: u.id,
      label: `${u.displayName}（${u.username}）${u.departmentName ? ` · ${u.departmentName}` : ''}`,
    }));
  return (
    <Select
      autoFocus
      showSearch={{ filterOption: false, onSearch: setText }}
      value={value}
      onChange={onChange}
      options={options}
      loading={users.isFetching}
      data-testid={testId}
    />
  );
}

/**
 * A workflow action (or wait / resume) taken from the case page: asks for the note (required for
 * some actions) and the data the action needs, then POST /cases/:id/actions with the version read.
 * 409 illegal_transition → the translated message and a reload; version_conflict → reload prompt.
 */
export function ActionDialog({
  detail,
  action,
  onClose,
  onDone,
  onStale,
}: {
  detail: CaseDetail;
  action: string | null;
  onClose: () => void;
  onDone: (updated: CaseDetail) => void;
  /** the case changed under us: reload it */
  onStale: () => void;
}) {
  const { t } = useTranslation('cases');
  const { message } = App.useApp();
  const showError = useShowApiError('cases');
  const [form] = Form.useForm<Record<string, any>>();
  const queryClient = useQueryClient();
  const spec = action ? caseActionForm(detail.workflow, action) : undefined;
  // a workflow whose feature takes its own actions (the repair work order): wait/resume stay the core's
  const workflowActions = action && !isCoreCaseAction(action) ? caseWorkflowActions(detail.workflow) : undefined;
  const noteRequired = !!action && (NOTE_REQUIRED_ACTIONS.has(action) || !!spec?.noteRequired);
  const isWait = !!action?.startsWith('wait_');
  const label = action ? actionLabel(t, action) : '';

  // each opening starts from the action's own initial values; the case refreshing itself while the
  // dialog is open (every 30 s, for the deadlines) must not wipe what was typed or signed
  const opened = useRef({ action, detail });
  if (opened.current.action !== action) opened.current = { action, detail };
  useEffect(() => {
    if (!action) return;
    form.resetFields();
    const initial = spec?.initialValues?.(opened.current.detail, { queryClient });
    if (initial) form.setFieldsValue(initial);
  }, [action, spec, form, queryClient]);

  const run = useMutation({
    mutationFn: async (values: Record<string, any>) => {
      const data = spec ? (spec.toData ? await spec.toData(values, detail) : values.data) : undefined;
      const note = typeof values.note === 'string' ? values.note.trim() : '';
      const body: CaseActionBody = {
        action: action!,
        version: detail.version,
        ...(note ? { note } : {}),
        ...(data && Object.keys(data).length ? { data } : {}),
      };
      if (workflowActions) return workflowActions.run(detail, body, { queryClient });
      return api.post<CaseDetail>(`/cases/${detail.id}/actions`, body);
    },
    onSuccess: (updated) => {
      void message.success(t('actionDialog.done', { action: label }));
      onDone(updated);
    },
    onError: (error) => {
      if (error instanceof ApiError && error.code === 'illegal_transition') {
        const details = (error.details ?? {}) as { allowedActions?: unknown };
        const allowed = Array.isArray(details.allowedActions)
          ? (details.allowedActions as string[]).map((a) => actionLabel(t, a)).join('、')
          : '';
        void message.error(t('actionDialog.illegal', { action: label, allowed: allowed || '—' }));
        onStale();
        return;
      }
      showError(error, { form, onReload: onStale, mapPath: spec?.mapPath });
    },
  });
  const Fields = spec?.Fields;

  return (
    <Modal
      open={!!action}
      title={t('actionDialog.title', { action: label, number: detail.number })}
      okText={t('actionDialog.confirm')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={run.isPending}
      forceRender
      width={Fields ? 640 : 520}
      okButtonProps={{ 'data-testid': 'action-confirm' } as ButtonProps}
    >
      <Typography.Paragraph type="secondary">
        {t('field.state')}：{stateLabel(t, detail.state)}
      </Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(values) => run.mutate(values)}>
        {Fields && <Fields detail={detail} />}
        <Form.Item
          name="note"
          label={isWait ? t('actionDialog.waitNote') : t('actionDialog.note')}
          rules={
            noteRequired
              ? [
                  {
                    required: true,
                    whitespace: true,
                    message: t('actionDialog.noteRequired'),
                  },
                ]
              : []
          }
          extra={t('form.submitHint')}
        >
          <Input.TextArea
            autoFocus={!Fields}
            rows={3}
            maxLength={4000}
            placeholder={t('actionDialog.notePlaceholder')}
            onKeyDown={submitOnCtrlEnter(() => form.submit())}
            data-testid="action-note"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 转交负责人 — 首问负责制: the case always has one named owner, so a person must be chosen. */
export function OwnerDialog({
  detail,
  open,
  onClose,
  onDone,
  onStale,
}: {
  detail: CaseDetail;
  open: boolean;
  onClose: () => void;
  onDone: (updated: CaseDetail) => void;
  onStale: () => void;
}) {
  const { t } = useTranslation('cases');
  const { message } = App.useApp();
  const showError = useShowApiError('cases');
  const [form] = Form.useForm<{ ownerId: string; note?: string }>();
  const assign = useMutation({
    mutationFn: (values: { ownerId: string; note?: string }) =>
      api.post<CaseDetail>(`/cases/${detail.id}/owner`, {
        ownerId: values.ownerId,
        version: detail.version,
        ...(values.note?.trim() ? { note: values.note.trim() } : {}),
      }),
    onSuccess: (updated) => {
      void message.success(t('detail.ownerChanged', { name: updated.owner.name }));
      form.resetFields();
      onDone(updated);
    },
    onError: (error) => showError(error, { form, onReload: onStale }),
  });
  return (
    <Modal
      open={open}
      title={t('detail.changeOwnerTitle')}
      onOk={() => form.submit()}
      onCancel={() => {
        form.resetFields();
        onClose();
      }}
      confirmLoading={assign.isPending}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('detail.changeOwnerHint')}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(values) => assign.mutate(values)}>
        <Form.Item name="ownerId" label={t('detail.newOwner')} rules={[{ required: true, message: t('common:field.required') }]}>
          <UserSelect excludeId={detail.owner.id} testId="owner-picker" />
        </Form.Item>
        <Form.Item name="note" label={t('actionDialog.note')}>
          <Input.TextArea rows={2} maxLength={2000} onKeyDown={submitOnCtrlEnter(() => form.submit())} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Find another case by number or title (open cases), for linking and merging. */
function CaseSelect({ value, onChange, excludeId }: { value?: string; onChange?: (id: string) => void; excludeId: string }) {
  const { t } = useTranslation('cases');
  const [text, setText] = useState('');
  const q = useDebounced(text, 200);
  const found = useCaseSearch(q);
  const options = (found.data?.items ?? [])
    .filter((c) => c.id !== excludeId)
    .map((c) => ({
      value: c.id,
      label: `${c.number} ${c.title}${c.customerName ? ` · ${c.customerName}` : ''}`,
    }));
  return (
    <Select
      autoFocus
      showSearch={{ filterOption: false, onSearch: setText }}
      placeholder={t('detail.searchCase')}
      value={value}
      onChange={onChange}
      options={options}
      loading={found.isFetching}
      data-testid="case-picker"
    />
  );
}

/** 关联工单 (duplicate / related) or 合并到其他工单 (this case → the chosen one). */
export function LinkDialog({
  detail,
  mode,
  onClose,
  onLinked,
  onMerged,
  onStale,
}: {
  detail: CaseDetail;
  mode: 'link' | 'merge' | null;
  onClose: () => void;
  onLinked: (updated: CaseDetail) => void;
  onMerged: (target: CaseDetail) => void;
  onStale: () => void;
}) {
  const { t } = useTranslation('cases');
  const { message } = App.useApp();
  const showError = useShowApiError('cases');
  const [form] = Form.useForm<{
    otherCaseId: string;
    kind: 'duplicate' | 'related';
    note?: string;
  }>();
  const save = useMutation({
    mutationFn: async (values: { otherCaseId: string; kind: 'duplicate' | 'related'; note?: string }) => {
      const note = values.note?.trim() ? { note: values.note.trim() } : {};
      if (mode === 'merge') {
        return {
          merged: true,
          result: await api.post<CaseDetail>(`/cases/${detail.id}/merge`, {
            targetId: values.otherCaseId,
            version: detail.version,
            ...note,
          }),
        };
      }
      return {
        merged: false,
        result: await api.post<CaseDetail>(`/cases/${detail.id}/links`, {
          otherCaseId: values.otherCaseId,
          kind: values.kind,
          ...note,
        }),
      };
    },
    onSuccess: ({ merged, result }) => {
      form.resetFields();
      if (merged) {
        void message.success(t('duplicate.merged', { number: result.number }));
        onMerged(result);
      } else onLinked(result);
    },
    onError: (error) => showError(error, { form, onReload: onStale }),
  });
  return (
    <Modal
      open={!!mode}
      title={mode === 'merge' ? t('detail.mergeCase') : t('detail.linkCase')}
      onOk={() => form.submit()}
      onCancel={() => {
        form.resetFields();
        onClose();
      }}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ kind: 'duplicate' }} onFinish={(values) => save.mutate(values)}>
        <Form.Item
          name="otherCaseId"
          label={t('detail.otherCase')}
          rules={[{ required: true, message: t('common:field.required') }]}
          extra={
            mode === 'merge'
              ? t('duplicate.mergeConfirm', {
                  source: detail.number,
                  target: '…',
                })
              : undefined
          }
        >
          <CaseSelect excludeId={detail.id} />
        </Form.Item>
        {mode === 'link' && (
          <Form.Item name="kind" label={t('detail.linkKind')}>
            <Radio.Group
              optionType="button"
              options={(['duplicate', 'related'] as const).map((k) => ({
                value: k,
                label: t(`detail.linkKinds.${k}`),
              }))}
            />
          </Form.Item>
        )}
        <Form.Item name="note" label={t('actionDialog.note')}>
          <Input.TextArea rows={2} maxLength={2000} onKeyDown={submitOnCtrlEnter(() => form.submit())} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
