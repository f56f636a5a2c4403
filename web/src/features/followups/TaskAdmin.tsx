import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Flex, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useShowApiError } from '../../components/apiErrors';
import { type FollowupTask, followupKeys } from './api';

interface UserItem {
  id: string;
  displayName: string;
}

/** For supervisors: give a call to a named person (or back to the role's pool), or cancel it with a reason. */
export function TaskAdmin({ task }: { task: FollowupTask }) {
  const { t } = useTranslation('followups');
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const showError = useShowApiError('followups');
  const [cancelling, setCancelling] = useState(false);
  const [reason, setReason] = useState('');
  const users = useQuery({
    queryKey: ['followups', 'callers', task.assigneeRole],
    queryFn: () => api.get<{ items: UserItem[] }>('/users', { role: task.assigneeRole, limit: 200 }),
  });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: followupKeys.task(task.id) });
  const assign = useMutation({
    mutationFn: (assigneeId: string | null) => api.post<FollowupTask>(`/followups/tasks/${task.id}/assign`, { assigneeId, version: task.version }),
    onSuccess: () => {
      void message.success(t('rules.saved'));
      refresh();
    },
    onError: (error) => showError(error, { onReload: refresh }),
  });
  const cancel = useMutation({
    mutationFn: () => api.post<FollowupTask>(`/followups/tasks/${task.id}/cancel`, { reason, version: task.version }),
    onSuccess: () => {
      setCancelling(false);
      refresh();
    },
    onError: (error) => showError(error, { onReload: refresh }),
  });
  return (
    <Flex gap={8} wrap align="center">
      <Select
        allowClear
        style={{ width: 200 }}
        placeholder={t('admin.assignee', { role: t(`role.${task.assigneeRole}`, { defaultValue: task.assigneeRole }) })}
        value={task.assigneeId ?? undefined}
        loading={users.isLoading || assign.isPending}
        onChange={(v) => assign.mutate(v ?? null)}
        options={(users.data?.items ?? []).map((u) => ({ value: u.id, label: u.displayName }))}
        aria-label={t('admin.assign')}
      />
      <Button danger onClick={() => setCancelling(true)}>
        {t('admin.cancel')}
      </Button>
      <Modal
        open={cancelling}
        title={t('admin.cancel')}
        onCancel={() => setCancelling(false)}
        onOk={() => cancel.mutate()}
        okButtonProps={{ disabled: !reason.trim(), danger: true }}
        confirmLoading={cancel.isPending}
      >
        <Input.TextArea rows={3} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('admin.reason')} aria-label={t('admin.reason')} />
      </Modal>
    </Flex>
  );
}
