import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { TableColumnsType } from 'antd';
import { App, Button, Form, Input, InputNumber, Modal, Space, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useCan } from '../../app/session';
import { ArchivedTag, ArchiveRestoreAction, ShowArchivedSwitch } from '../../components/archiving';
import { ApiErrorAlert, useShowApiError } from '../../components/apiErrors';
import { PageHeader } from '../../components/PageHeader';
import { type CreateStaffGradeRequest, type StaffGrade, staffKeys, type UpdateStaffGradeRequest, useAllGrades } from './api';

const CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

interface GradeFormValues {
  code: string;
  name: string;
  rank: number;
}

function GradeModal({ open, grade, onClose }: { open: boolean; grade: StaffGrade | null; onClose: () => void }) {
  const { t } = useTranslation('staff');
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const showError = useShowApiError('staff');
  const [form] = Form.useForm<GradeFormValues>();
  const save = useMutation({
    mutationFn: (values: GradeFormValues) => {
      if (grade) {
        const body: UpdateStaffGradeRequest = { version: grade.version, ...values };
        return api.patch<StaffGrade>(`/staff-grades/${grade.id}`, body);
      }
      const body: CreateStaffGradeRequest = values;
      return api.post<StaffGrade>('/staff-grades', body);
    },
    onSuccess: () => {
      void message.success(grade ? t('tree.saved') : t('tree.created'));
      void queryClient.invalidateQueries({ queryKey: staffKeys.grades });
      onClose();
    },
    onError: (error) =>
      showError(error, {
        form,
        onReload: () => {
          void queryClient.invalidateQueries({ queryKey: staffKeys.grades });
          onClose();
        },
      }),
  });
  return (
    <Modal
      open={open}
      title={grade ? t('grade.edit') : t('grade.create')}
      okText={t('common:button.save')}
      cancelText={t('common:button.cancel')}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form<GradeFormValues>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={grade ? { code: grade.code, name: grade.name, rank: grade.rank } : { rank: 1 }}
        onFinish={(values) => save.mutate(values)}
      >
        <Form.Item
          name="name"
          label={t('grade.name')}
          rules={[{ required: true, whitespace: true, message: t('tree.nameRequired') }]}
        >
          <Input autoFocus maxLength={50} />
        </Form.Item>
        <Form.Item
          name="code"
          label={t('grade.code')}
          extra={t('grade.codeHint')}
          rules={[
            { required: true, message: t('tree.codeRequired') },
            { pattern: CODE_PATTERN, message: t('tree.codeInvalid') },
          ]}
        >
          <Input maxLength={32} />
        </Form.Item>
        <Form.Item name="rank" label={t('grade.rank')} extra={t('grade.rankHint')} rules={[{ required: true }]}>
          <InputNumber min={0} max={1000} precision={0} />
        </Form.Item>
        <button type="submit" hidden aria-hidden tabIndex={-1} />
      </Form>
    </Modal>
  );
}

/** 职级: the staff grades (初级, 中级, 高级, 技师 …). */
export function GradesPage() {
  const { t } = useTranslation('staff');
  const { message } = App.useApp();
  const can = useCan();
  const canWrite = can('staff.write');
  const queryClient = useQueryClient();
  const showError = useShowApiError('staff');
  const grades = useAllGrades();
  const [showArchived, setShowArchived] = useState(false);
  const [editing, setEditing] = useState<StaffGrade | null | undefined>(undefined);
  const rows = useMemo(
    () => [...(grades.data?.items ?? [])].filter((g) => showArchived || !g.archived).sort((a, b) => a.rank - b.rank),
    [grades.data, showArchived],
  );
  const archive = useMutation({
    mutationFn: ({ grade, to }: { grade: StaffGrade; to: 'archive' | 'restore' }) =>
      api.post<StaffGrade>(`/staff-grades/${grade.id}/${to}`, { version: grade.version }),
    onSuccess: (_, { to }) => {
      void message.success(to === 'archive' ? t('tree.archived') : t('tree.restored'));
      void queryClient.invalidateQueries({ queryKey: staffKeys.grades });
    },
    onError: (error) => showError(error, { onReload: () => void grades.refetch() }),
  });
  const columns: TableColumnsType<StaffGrade> = [
    { title: t('grade.rank'), dataIndex: 'rank', key: 'rank', width: 80 },
    { title: t('grade.name'), dataIndex: 'name', key: 'name' },
    {
      title: t('grade.code'),
      dataIndex: 'code',
      key: 'code',
      render: (v: string) => <Typography.Text code>{v}</Typography.Text>,
    },
    {
      title: t('tree.status'),
      dataIndex: 'archived',
      key: 'status',
      width: 100,
      render: (archived: boolean) => <ArchivedTag archived={archived} />,
    },
    ...(canWrite
      ? [
          {
            title: t('common:list.actions'),
            key: 'actions',
            width: 160,
            render: (_: unknown, grade: StaffGrade) => (
              <Space size={0}>
                <Button type="link" size="small" onClick={() => setEditing(grade)}>
                  {t('common:button.edit')}
                </Button>
                <ArchiveRestoreAction
                  archived={grade.archived}
                  archiveLabel={t('tree.archive')}
                  restoreLabel={t('tree.restore')}
                  confirmTitle={t('grade.archiveConfirm')}
                  onArchive={() => archive.mutateAsync({ grade, to: 'archive' })}
                  onRestore={() => archive.mutate({ grade, to: 'restore' })}
                />
              </Space>
            ),
          },
        ]
      : []),
  ];
  return (
    <>
      <PageHeader
        title={t('grade.title')}
        subTitle={t('grade.intro')}
        extra={
          canWrite && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)}>
              {t('grade.create')}
            </Button>
          )
        }
      />
      <ShowArchivedSwitch checked={showArchived} onChange={setShowArchived} label={t('tree.showArchived')} />
      <ApiErrorAlert error={grades.error} ns="staff" onReload={() => void grades.refetch()} retry />
      <Table<StaffGrade>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={rows}
        loading={grades.isLoading}
        pagination={false}
        locale={{ emptyText: t('grade.empty') }}
      />
      <GradeModal open={editing !== undefined} grade={editing ?? null} onClose={() => setEditing(undefined)} />
    </>
  );
}
