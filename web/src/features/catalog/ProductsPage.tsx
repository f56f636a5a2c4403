import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { TableColumnsType, TableProps } from 'antd';
import {
  App,
  Button,
  Drawer,
  Flex,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  TreeSelect,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { useCan } from '../../app/session';
import { ApiErrorAlert, useShowApiError } from '../../components/apiErrors';
import { PageHeader } from '../../components/PageHeader';
import { LoadMore, useCursorList } from '../../components/useCursorList';
import { toTreeSelectData } from '../../components/tree';
import {
  type CreateProductRequest,
  catalogKeys,
  type Product,
  type ProductPage,
  type UpdateProductRequest,
  useAllCategories,
  useCatalogDefaults,
} from './api';

interface ProductFormValues {
  model: string;
  name: string;
  categoryId: string;
  specification?: string;
  defaultWarrantyMonths?: number | null;
  postRepairWarrantyDays?: number | null;
}

/** Create (product = null) or edit a product in a side drawer. */
export function ProductDrawer({
  open,
  product,
  onClose,
  onSaved,
}: {
  open: boolean;
  product: Product | null;
  onClose: () => void;
  onSaved: (product: Product) => void;
}) {
  const { t } = useTranslation('catalog');
  const { message } = App.useApp();
  const showError = useShowApiError('catalog');
  const [form] = Form.useForm<ProductFormValues>();
  const categories = useAllCategories();
  const defaults = useCatalogDefaults();
  const editing = product !== null;
  const treeData = useMemo(() => toTreeSelectData(categories.data?.items ?? []), [categories.data]);

  const save = useMutation({
    mutationFn: (values: ProductFormValues) => {
      const spec = values.specification?.trim() ? values.specification.trim() : null;
      if (product) {
        const body: UpdateProductRequest = {
          version: product.version,
          model: values.model,
          name: values.name,
          categoryId: values.categoryId,
          specification: spec,
          ...(values.defaultWarrantyMonths != null ? { defaultWarrantyMonths: values.defaultWarrantyMonths } : {}),
          ...(values.postRepairWarrantyDays != null ? { postRepairWarrantyDays: values.postRepairWarrantyDays } : {}),
        };
        return api.patch<Product>(`/products/${product.id}`, body);
      }
      const body: CreateProductRequest = {
        model: values.model,
        name: values.name,
        categoryId: values.categoryId,
        specification: spec,
        ...(values.defaultWarrantyMonths != null ? { defaultWarrantyMonths: values.defaultWarrantyMonths } : {}),
        ...(values.postRepairWarrantyDays != null ? { postRepairWarrantyDays: values.postRepairWarrantyDays } : {}),
      };
      return api.post<Product>('/products', body);
    },
  });

  const hint =
    !editing && defaults.data
      ? t('product.defaultHint', { months: defaults.data.defaultWarrantyMonths, days: defaults.data.postRepairWarrantyDays })
      : undefined;

  return (
    <Drawer
      open={open}
      title={editing ? t('product.edit') : t('product.create')}
      size={560}
      onClose={onClose}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{t('common:button.cancel')}</Button>
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()}>
            {t('common:button.save')}
          </Button>
        </Space>
      }
    >
      <Form<ProductFormValues>
        form={form}
        key={product?.id ?? 'new'}
        layout="vertical"
        preserve={false}
        initialValues={
          product
            ? {
                model: product.model,
                name: product.name,
                categoryId: product.categoryId,
                specification: product.specification ?? undefined,
                defaultWarrantyMonths: product.defaultWarrantyMonths,
                postRepairWarrantyDays: product.postRepairWarrantyDays,
              }
            : undefined
        }
        onFinish={(values) =>
          save.mutate(values, {
            onSuccess: (saved) => {
              void message.success(editing ? t('product.saved') : t('product.created'));
              onSaved(saved);
            },
            onError: (error) => showError(error, { form, onReload: onClose }),
          })
        }
      >
        <Form.Item
          name="model"
          label={t('product.model')}
          rules={[{ required: true, whitespace: true, message: t('product.modelRequired') }]}
        >
          <Input autoFocus maxLength={64} placeholder={t('product.modelPlaceholder')} />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('product.name')}
          rules={[{ required: true, whitespace: true, message: t('product.nameRequired') }]}
        >
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item
          name="categoryId"
          label={t('product.category')}
          rules={[{ required: true, message: t('product.categoryRequired') }]}
        >
          <TreeSelect
            treeData={treeData}
            treeDefaultExpandAll
            showSearch
            treeNodeFilterProp="title"
            loading={categories.isLoading}
            placeholder={t('product.category')}
          />
        </Form.Item>
        <Form.Item name="specification" label={t('product.specification')}>
          <Input.TextArea rows={3} maxLength={2000} placeholder={t('product.specPlaceholder')} />
        </Form.Item>
        <Flex gap={16} wrap>
          <Form.Item
            name="defaultWarrantyMonths"
            label={t('product.warrantyMonths')}
            rules={editing ? [{ required: true }] : []}
            style={{ flex: 1, minWidth: 200 }}
          >
            <InputNumber
              min={0}
              max={600}
              precision={0}
              style={{ width: '100%' }}
              placeholder={defaults.data ? String(defaults.data.defaultWarrantyMonths) : undefined}
            />
          </Form.Item>
          <Form.Item
            name="postRepairWarrantyDays"
            label={t('product.postRepairDays')}
            rules={editing ? [{ required: true }] : []}
            style={{ flex: 1, minWidth: 200 }}
          >
            <InputNumber
              min={0}
              max={3650}
              precision={0}
              style={{ width: '100%' }}
              placeholder={defaults.data ? String(defaults.data.postRepairWarrantyDays) : undefined}
            />
          </Form.Item>
        </Flex>
        {hint && <Typography.Text type="secondary">{hint}</Typography.Text>}
        {/* Enter in any field saves */}
        <button type="submit" hidden aria-hidden tabIndex={-1} />
      </Form>
    </Drawer>
  );
}

type StatusFilter = 'active' | 'discontinued' | 'all';

/** 产品目录: products with category and status filters, create/edit drawer, discontinue. */
export function ProductsPage() {
  const { t } = useTranslation('catalog');
  const { message } = App.useApp();
  const can = useCan();
  const canWrite = can('catalog.write');
  const queryClient = useQueryClient();
  const showError = useShowApiError('catalog');
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const categoryId = params.get('categoryId') ?? undefined;
  const status = (params.get('status') as StatusFilter | null) ?? 'active';
  const [sort, setSort] = useState<string>('model');
  const [editing, setEditing] = useState<Product | null | undefined>(undefined);
  const categories = useAllCategories();
  const treeData = useMemo(() => toTreeSelectData(categories.data?.items ?? []), [categories.data]);

  const setParam = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  const filters = { q: q || undefined, categoryId, status: status === 'all' ? undefined : status, sort };
  const list = useCursorList<Product>({
    queryKey: [...catalogKeys.products, filters],
    fetchPage: ({ cursor, limit }) => api.get<ProductPage>('/products', { ...filters, cursor, limit }),
  });

  const changeStatus = useMutation({
    mutationFn: ({ product, to }: { product: Product; to: 'discontinue' | 'reactivate' }) =>
      api.post<Product>(`/products/${product.id}/${to}`, { version: product.version }),
    onSuccess: (_, { to }) => {
      void message.success(to === 'discontinue' ? t('product.discontinued') : t('product.reactivated'));
      void queryClient.invalidateQueries({ queryKey: catalogKeys.products });
    },
    onError: (error) => showError(error, { onReload: list.refetch }),
  });

  const columns: TableColumnsType<Product> = [
    {
      title: t('product.model'),
      dataIndex: 'model',
      key: 'model',
      sorter: true,
      sortOrder: sortOrderOf(sort, 'model'),
      width: 150,
    },
    { title: t('product.name'), dataIndex: 'name', key: 'name', sorter: true, sortOrder: sortOrderOf(sort, 'name') },
    { title: t('product.category'), dataIndex: 'categoryName', key: 'category', width: 120 },
    {
      title: t('product.specification'),
      dataIndex: 'specification',
      key: 'specification',
      ellipsis: true,
      render: (v: string | null) => v ?? '—',
    },
    {
      title: t('product.warrantyMonthsShort'),
      dataIndex: 'defaultWarrantyMonths',
      key: 'warranty',
      width: 100,
      render: (v: number) => t('product.months', { count: v }),
    },
    {
      title: t('product.postRepairDaysShort'),
      dataIndex: 'postRepairWarrantyDays',
      key: 'postRepair',
      width: 110,
      render: (v: number) => t('product.days', { count: v }),
    },
    {
      title: t('product.status'),
      dataIndex: 'status',
      key: 'status',
      width: 90,
      render: (v: Product['status']) => <Tag color={v === 'active' ? 'green' : 'default'}>{t(`product.statusValue.${v}`)}</Tag>,
    },
    ...(canWrite
      ? [
          {
            title: t('common:list.actions'),
            key: 'actions',
            width: 160,
            render: (_: unknown, product: Product) => (
              <Space size={0}>
                <Button type="link" size="small" onClick={() => setEditing(product)}>
                  {t('common:button.edit')}
                </Button>
                {product.status === 'active' ? (
                  <Popconfirm
                    title={t('product.discontinueConfirm')}
                    okText={t('product.discontinue')}
                    cancelText={t('common:button.cancel')}
                    okButtonProps={{ danger: true }}
                    onConfirm={() => changeStatus.mutateAsync({ product, to: 'discontinue' }).catch(() => undefined)}
                  >
                    <Button type="link" size="small" danger>
                      {t('product.discontinue')}
                    </Button>
                  </Popconfirm>
                ) : (
                  <Popconfirm
                    title={t('product.reactivateConfirm')}
                    okText={t('product.reactivate')}
                    cancelText={t('common:button.cancel')}
                    onConfirm={() => changeStatus.mutateAsync({ product, to: 'reactivate' }).catch(() => undefined)}
                  >
                    <Button type="link" size="small">
                      {t('product.reactivate')}
                    </Button>
                  </Popconfirm>
                )}
              </Space>
            ),
          },
        ]
      : []),
  ];

  const onTableChange: TableProps<Product>['onChange'] = (_pagination, _filters, sorter) => {
    const s = Array.isArray(sorter) ? sorter[0] : sorter;
    if (!s?.order || !s.columnKey) setSort('model');
    else setSort(`${s.order === 'descend' ? '-' : ''}${String(s.columnKey)}`);
  };

  return (
    <>
      <PageHeader
        title={t('product.title')}
        extra={
          canWrite && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)}>
              {t('product.create')}
            </Button>
          )
        }
      />
      <Flex gap={12} wrap style={{ marginBottom: 16 }} role="search" aria-label={t('product.search')}>
        <Input.Search
          defaultValue={q}
          allowClear
          placeholder={t('product.searchPlaceholder')}
          aria-label={t('product.searchPlaceholder')}
          style={{ width: 260 }}
          onSearch={(value) => setParam('q', value.trim() || undefined)}
        />
        <TreeSelect
          value={categoryId}
          treeData={treeData.map((n) => ({ ...n, disabled: false }))}
          treeDefaultExpandAll
          allowClear
          showSearch
          treeNodeFilterProp="title"
          placeholder={t('product.allCategories')}
          aria-label={t('product.category')}
          style={{ width: 200 }}
          onChange={(value?: string) => setParam('categoryId', value)}
        />
        <Select<StatusFilter>
          value={status}
          aria-label={t('product.status')}
          style={{ width: 130 }}
          options={[
            { value: 'active', label: t('product.statusValue.active') },
            { value: 'discontinued', label: t('product.statusValue.discontinued') },
            { value: 'all', label: t('product.allStatuses') },
          ]}
          onChange={(value) => setParam('status', value === 'active' ? undefined : value)}
        />
      </Flex>
      <ApiErrorAlert error={list.error} ns="catalog" onReload={list.refetch} retry />
      <Table<Product>
        rowKey="id"
        size="middle"
        columns={columns}
        {...list.tableProps}
        onChange={onTableChange}
        scroll={{ x: 960 }}
        locale={{ emptyText: t('product.empty') }}
      />
      <LoadMore list={list} />
      <ProductDrawer
        open={editing !== undefined}
        product={editing ?? null}
        onClose={() => setEditing(undefined)}
        onSaved={() => {
          setEditing(undefined);
          void queryClient.invalidateQueries({ queryKey: catalogKeys.products });
        }}
      />
    </>
  );
}

function sortOrderOf(sort: string, key: string): 'ascend' | 'descend' | null {
  if (sort === key) return 'ascend';
  if (sort === `-${key}`) return 'descend';
  return null;
}
