import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { TableColumnsType } from 'antd';
import { App, Button, Form, Input, Modal, Space, Table, TreeSelect, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useCan } from '../../app/session';
import { ArchivedTag, ArchiveRestoreAction, ShowArchivedSwitch } from '../../components/archiving';
import { ApiErrorAlert, useShowApiError } from '../../components/apiErrors';
import { PageHeader } from '../../components/PageHeader';
import { buildTree, subtreeIds, type TreeNode, toTreeSelectData } from '../../components/tree';
import {
  type CreateProductCategoryRequest,
  catalogKeys,
  type ProductCategory,
  type UpdateProductCategoryRequest,
  useAllCategories,
} from './api';

/** Same rule as contracts/catalog.ts codeText. */
export const CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

interface CategoryFormValues {
  code: string;
  name: string;
  parentId?: string | null;
}

type Editing = { mode: 'create'; parentId: string | null } | { mode: 'edit'; category: ProductCategory };

function CategoryModal({ editing, all, onClose }: { editing: Editing | null; all: ProductCategory[]; onClose: () => void }) {
  const { t } = useTranslation('catalog');
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const showError = useShowApiError('catalog');
  const [form] = Form.useForm<CategoryFormValues>();
  const current = editing?.mode === 'edit' ? editing.category : null;
  const parentOptions = useMemo(
    () => toTreeSelectData(all, { exclude: current ? subtreeIds(all, current.id) : undefined }),
    [all, current],
  );
  const save = useMutation({
    mutationFn: (values: CategoryFormValues) => {
      const parentId = values.parentId ?? null;
      if (current) {
        const body: UpdateProductCategoryRequest = { version: current.version, code: values.code, name: values.name, parentId };
        return api.patch<ProductCategory>(`/product-categories/${current.id}`, body);
      }
      const body: CreateProductCategoryRequest = { code: values.code, name: values.name, parentId };
      return api.post<ProductCategory>('/product-categories', body);
    },
    onSuccess: () => {
      void message.success(current ? t('category.saved') : t('category.created'));
      void queryClient.invalidateQueries({ queryKey: catalogKeys.categories });
      onClose();
    },
    onError: (error) =>
      showError(error, {
        form,
        onReload: () => {
          void queryClient.invalidateQueries({ queryKey: catalogKeys.categories });
          onClose();
        },
      }),
  });
  return (
    <Modal
      open={editing !== null}
      title={current ? t('category.edit') : t('category.create')}
      okText={t('common:button.save')}
      cancelText={t('common:button.cancel')}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form<CategoryFormValues>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={
          current
            ? { code: current.code, name: current.name, parentId: current.parentId }
            : { parentId: editing?.mode === 'create' ? editing.parentId : null }
        }
        onFinish={(values) => save.mutate(values)}
      >
        <Form.Item
          name="name"
          label={t('category.name')}
          rules={[{ required: true, whitespace: true, message: t('category.nameRequired') }]}
        >
          <Input autoFocus maxLength={100} />
        </Form.Item>
        <Form.Item
          name="code"
          label={t('category.code')}
          extra={t('category.codeHint')}
          rules={[
            { required: true, message: t('category.codeRequired') },
            { pattern: CODE_PATTERN, message: t('category.codeInvalid') },
          ]}
        >
          <Input maxLength={32} />
        </Form.Item>
        <Form.Item name="parentId" label={t('category.parent')}>
          <TreeSelect
            treeData={parentOptions}
            treeDefaultExpandAll
            allowClear
            showSearch
            treeNodeFilterProp="title"
            placeholder={t('category.noParent')}
          />
        </Form.Item>
        <button type="submit" hidden aria-hidden tabIndex={-1} />
      </Form>
    </Modal>
  );
}

/** 产品类别: the category tree with create, edit, archive and restore. */
export function CategoriesPage() {
  const { t } = useTranslation('catalog');
  const { message } = App.useApp();
  const can = useCan();
  const canWrite = can('catalog.write');
  const queryClient = useQueryClient();
  const showError = useShowApiError('catalog');
  const categories = useAllCategories();
  const [showArchived, setShowArchived] = useState(false);
  const [editing, setEditing] = useState<Editing | null>(null);
  const all = categories.data?.items ?? [];
  const tree = useMemo(() => buildTree(all.filter((c) => showArchived || !c.archived)), [all, showArchived]);

  const archive = useMutation({
    mutationFn: ({ category, to }: { category: ProductCategory; to: 'archive' | 'restore' }) =>
      api.post<ProductCategory>(`/product-categories/${category.id}/${to}`, { version: category.version }),
    onSuccess: (_, { to }) => {
      void message.success(to === 'archive' ? t('category.archived') : t('category.restored'));
      void queryClient.invalidateQueries({ queryKey: catalogKeys.categories });
    },
    onError: (error) => showError(error, { onReload: () => void categories.refetch() }),
  });

  const columns: TableColumnsType<TreeNode<ProductCategory>> = [
    { title: t('category.name'), dataIndex: 'name', key: 'name' },
    {
      title: t('category.code'),
      dataIndex: 'code',
      key: 'code',
      render: (v: string) => <Typography.Text code>{v}</Typography.Text>,
    },
    {
      title: t('category.status'),
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
            render: (_: unknown, category: ProductCategory) => (
              <Space size={0}>
                <Button type="link" size="small" onClick={() => setEditing({ mode: 'edit', category })}>
                  {t('common:button.edit')}
                </Button>
                {!category.archived && (
                  <Button type="link" size="small" onClick={() => setEditing({ mode: 'create', parentId: category.id })}>
                    {t('category.createChild')}
                  </Button>
                )}
                <ArchiveRestoreAction
                  archived={category.archived}
                  archiveLabel={t('category.archive')}
                  restoreLabel={t('category.restore')}
                  confirmTitle={t('category.archiveConfirm')}
                  onArchive={() => archive.mutateAsync({ category, to: 'archive' })}
                  onRestore={() => archive.mutate({ category, to: 'restore' })}
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
        title={t('category.title')}
        subTitle={t('category.intro')}
        extra={
          canWrite && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ mode: 'create', parentId: null })}>
              {t('category.create')}
            </Button>
          )
        }
      />
      <ShowArchivedSwitch checked={showArchived} onChange={setShowArchived} label={t('category.showArchived')} />
      <ApiErrorAlert error={categories.error} ns="catalog" onReload={() => void categories.refetch()} retry />
      <Table<TreeNode<ProductCategory>>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={tree}
        loading={categories.isLoading}
        pagination={false}
        expandable={{ defaultExpandAllRows: true }}
        key={tree.length ? 'loaded' : 'empty'}
        locale={{ emptyText: t('category.empty') }}
      />
      <CategoryModal editing={editing} all={all} onClose={() => setEditing(null)} />
    </>
  );
}
