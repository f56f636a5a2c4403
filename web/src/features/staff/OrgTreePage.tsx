import { PlusOutlined } from '@ant-design/icons';
import { type UseQueryResult, useMutation, useQueryClient } from '@tanstack/react-query';
import type { TableColumnsType } from 'antd';
import {
  App,
  Button,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Table,
  TreeSelect,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useCan } from '../../app/session';
import { ArchivedTag, ArchiveRestoreAction, ShowArchivedSwitch } from '../../components/archiving';
import { ApiErrorAlert, useShowApiError } from '../../components/apiErrors';
import { PageHeader } from '../../components/PageHeader';
import { buildTree, subtreeIds, type TreeNode, toTreeSelectData } from '../../components/tree';
import { type Department, type Region, staffKeys, useActiveUsers, useAllDepartments, useAllRegions } from './api';

/** Same rule as contracts/catalog.ts codeText. */
const CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

type Kind = 'department' | 'region';
type Row = Department | Region;

interface TreeFormValues {
  code: string;
  name: string;
  parentId?: string | null;
  headUserId?: string | null;
}

const PATHS: Record<Kind, string> = { department: '/departments', region: '/regions' };
const KEYS = { department: staffKeys.departments, region: staffKeys.regions };

type Editing = { mode: 'create'; parentId: string | null } | { mode: 'edit'; row: Row };

function headOf(row: Row): { headUserId: string | null; headUserName: string | null } | null {
  return 'headUserId' in row ? { headUserId: row.headUserId, headUserName: row.headUserName } : null;
}

function TreeModal({ kind, editing, all, onClose }: { kind: Kind; editing: Editing | null; all: Row[]; onClose: () => void }) {
  const { t } = useTranslation('staff');
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const showError = useShowApiError('staff');
  const [form] = Form.useForm<TreeFormValues>();
  const users = useActiveUsers();
  const current = editing?.mode === 'edit' ? editing.row : null;
  const parentOptions = useMemo(
    () => toTreeSelectData(all, { exclude: current ? subtreeIds(all, current.id) : undefined }),
    [all, current],
  );
  const headOptions = useMemo(
    () => (users.data?.items ?? []).map((u) => ({ value: u.id, label: `${u.displayName}（${u.username}）` })),
    [users.data],
  );
  const save = useMutation({
    mutationFn: (values: TreeFormValues) => {
      const body: Record<string, unknown> = { code: values.code, name: values.name, parentId: values.parentId ?? null };
      if (kind === 'department') body.headUserId = values.headUserId ?? null;
      return current
        ? api.patch<Row>(`${PATHS[kind]}/${current.id}`, { version: current.version, ...body })
        : api.post<Row>(PATHS[kind], body);
    },
    onSuccess: () => {
      void message.success(current ? t('tree.saved') : t('tree.created'));
      void queryClient.invalidateQueries({ queryKey: KEYS[kind] });
      onClose();
    },
    onError: (error) =>
      showError(error, {
        form,
        onReload: () => {
          void queryClient.invalidateQueries({ queryKey: KEYS[kind] });
          onClose();
        },
      }),
  });
  const head = current ? headOf(current) : null;
  return (
    <Modal
      open={editing !== null}
      title={current ? t(`${kind}.edit`) : t(`${kind}.create`)}
      okText={t('common:button.save')}
      cancelText={t('common:button.cancel')}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form<TreeFormValues>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={
          current
            ? { code: current.code, name: current.name, parentId: current.parentId, headUserId: head?.headUserId ?? null }
            : { parentId: editing?.mode === 'create' ? editing.parentId : null }
        }
        onFinish={(values) => save.mutate(values)}
      >
        <Form.Item
          name="name"
          label={t(`${kind}.name`)}
          rules={[{ required: true, whitespace: true, message: t('tree.nameRequired') }]}
        >
          <Input autoFocus maxLength={100} />
        </Form.Item>
        <Form.Item
          name="code"
          label={t('tree.code')}
          extra={t(`${kind}.codeHint`)}
          rules={[
            { required: true, message: t('tree.codeRequired') },
            { pattern: CODE_PATTERN, message: t('tree.codeInvalid') },
          ]}
        >
          <Input maxLength={32} />
        </Form.Item>
        <Form.Item name="parentId" label={t(`${kind}.parent`)}>
          <TreeSelect
            treeData={parentOptions}
            treeDefaultExpandAll
            allowClear
            showSearch
            treeNodeFilterProp="title"
            placeholder={t('tree.noParent')}
          />
        </Form.Item>
        {kind === 'department' && (
          <Form.Item name="headUserId" label={t('department.head')}>
            <Select
              options={
                head?.headUserId && !headOptions.some((o) => o.value === head.headUserId)
                  ? [...headOptions, { value: head.headUserId, label: head.headUserName ?? '' }]
                  : headOptions
              }
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              loading={users.isLoading}
              placeholder={t('department.noHead')}
            />
          </Form.Item>
        )}
        <button type="submit" hidden aria-hidden tabIndex={-1} />
      </Form>
    </Modal>
  );
}

/** A parent/child reference list (部门 or 区域) as a tree table with create, edit, archive, restore. */
function OrgTreePage({ kind, query }: { kind: Kind; query: UseQueryResult<{ items: Row[] }> }) {
  const { t } = useTranslation('staff');
  const { message } = App.useApp();
  const can = useCan();
  const canWrite = can('staff.write');
  const queryClient = useQueryClient();
  const showError = useShowApiError('staff');
  const [showArchived, setShowArchived] = useState(false);
  const [editing, setEditing] = useState<Editing | null>(null);
  const all = query.data?.items ?? [];
  const tree = useMemo(() => buildTree(all.filter((r) => showArchived || !r.archived)), [all, showArchived]);

  const archive = useMutation({
    mutationFn: ({ row, to }: { row: Row; to: 'archive' | 'restore' }) =>
      api.post<Row>(`${PATHS[kind]}/${row.id}/${to}`, { version: row.version }),
    onSuccess: (_, { to }) => {
      void message.success(to === 'archive' ? t('tree.archived') : t('tree.restored'));
      void queryClient.invalidateQueries({ queryKey: KEYS[kind] });
    },
    onError: (error) => showError(error, { onReload: () => void query.refetch() }),
  });

  const columns: TableColumnsType<TreeNode<Row>> = [
    { title: t(`${kind}.name`), dataIndex: 'name', key: 'name' },
    { title: t('tree.code'), dataIndex: 'code', key: 'code', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
    ...(kind === 'department'
      ? [
          {
            title: t('department.head'),
            key: 'head',
            render: (_: unknown, row: Row) =>
              headOf(row)?.headUserName ?? <Typography.Text type="secondary">{t('department.noHead')}</Typography.Text>,
          },
        ]
      : []),
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
            width: 240,
            render: (_: unknown, row: Row) => (
              <Space size={0}>
                <Button type="link" size="small" onClick={() => setEditing({ mode: 'edit', row })}>
                  {t('common:button.edit')}
                </Button>
                {!row.archived && (
                  <Button type="link" size="small" onClick={() => setEditing({ mode: 'create', parentId: row.id })}>
                    {t('tree.createChild')}
                  </Button>
                )}
                <ArchiveRestoreAction
                  archived={row.archived}
                  archiveLabel={t('tree.archive')}
                  restoreLabel={t('tree.restore')}
                  confirmTitle={t(`${kind}.archiveConfirm`)}
                  onArchive={() => archive.mutateAsync({ row, to: 'archive' })}
                  onRestore={() => archive.mutate({ row, to: 'restore' })}
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
        title={t(`${kind}.title`)}
        subTitle={kind === 'region' ? t('region.intro') : undefined}
        extra={
          canWrite && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ mode: 'create', parentId: null })}>
              {t(`${kind}.create`)}
            </Button>
          )
        }
      />
      <ShowArchivedSwitch checked={showArchived} onChange={setShowArchived} label={t('tree.showArchived')} />
      <ApiErrorAlert error={query.error} ns="staff" onReload={() => void query.refetch()} retry />
      <Table<TreeNode<Row>>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={tree}
        loading={query.isLoading}
        pagination={false}
        expandable={{ defaultExpandAllRows: true }}
        key={tree.length ? 'loaded' : 'empty'}
        locale={{ emptyText: t(`${kind}.empty`) }}
      />
      <TreeModal kind={kind} editing={editing} all={all} onClose={() => setEditing(null)} />
    </>
  );
}

/** 部门管理 */
export function DepartmentsPage() {
  return <OrgTreePage kind="department" query={useAllDepartments()} />;
}

/** 区域管理 */
export function RegionsPage() {
  return <OrgTreePage kind="region" query={useAllRegions()} />;
}
