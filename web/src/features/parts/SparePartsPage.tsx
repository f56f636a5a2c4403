import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { TableColumnsType, TableProps } from 'antd';
import {
  App,
  AutoComplete,
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
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { useCan } from '../../app/session';
import { ApiErrorAlert, useShowApiError } from '../../components/apiErrors';
import { fenToYuan, formatMoneyFen, yuanToFen } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { LoadMore, useCursorList } from '../../components/useCursorList';
import {
  type CreateSparePartRequest,
  partsKeys,
  type SparePart,
  type SparePartPage,
  type UpdateSparePartRequest,
  useCategories,
  useProductSearch,
} from './api';

/** Units warehouses write on their forms; any other can be typed. */
const COMMON_UNITS = ['个', '件', '套', '只', '根', '台', '块', '米', '卷', '升', '千克', '盒'];

interface PartFormValues {
  code: string;
  name: string;
  specification?: string;
  unitOfMeasure: string;
  categoryId?: string | null;
  productIds?: string[];
  standardCostYuan?: number | null;
  minStock?: number | null;
  notes?: string;
}

function ProductPicker({
  value,
  onChange,
  known,
}: {
  value?: string[];
  onChange?: (v: string[]) => void;
  known: SparePart['products'];
}) {
  const { t } = useTranslation('parts');
  const [q, setQ] = useState('');
  const products = useProductSearch(q);
  const options = useMemo(() => {
    const list = (products.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.model} ${p.name}` }));
    for (const k of known) if (!list.some((o) => o.value === k.id)) list.push({ value: k.id, label: `${k.model} ${k.name}` });
    return list;
  }, [products.data, known]);
  return (
    <Select<string[]>
      mode="multiple"
      value={value}
      onChange={(v) => onChange?.(v)}
      options={options}
      showSearch={{ filterOption: false, onSearch: setQ }}
      loading={products.isFetching}
      placeholder={t('part.productsPlaceholder')}
      aria-label={t('part.products')}
    />
  );
}

/** Create (part = null) or edit a spare part in a side drawer. */
export function SparePartDrawer({
  open,
  part,
  onClose,
  onSaved,
}: {
  open: boolean;
  part: SparePart | null;
  onClose: () => void;
  onSaved: (part: SparePart) => void;
}) {
  const { t } = useTranslation('parts');
  const { message } = App.useApp();
  const showError = useShowApiError('parts');
  const [form] = Form.useForm<PartFormValues>();
  const categories = useCategories();
  const editing = part !== null;

  const save = useMutation({
    mutationFn: (values: PartFormValues) => {
      const common = {
        code: values.code.trim(),
        name: values.name.trim(),
        specification: values.specification?.trim() || null,
        unitOfMeasure: values.unitOfMeasure.trim(),
        categoryId: values.categoryId ?? null,
        productIds: values.productIds ?? [],
        standardCostFen: values.standardCostYuan != null ? yuanToFen(values.standardCostYuan) : 0,
        minStock: values.minStock ?? 0,
        notes: values.notes?.trim() || null,
      };
      if (part) {
        const body: UpdateSparePartRequest = { version: part.version, ...common };
        return api.patch<SparePart>(`/spare-parts/${part.id}`, body);
      }
      const body: CreateSparePartRequest = common;
      return api.post<SparePart>('/spare-parts', body);
    },
  });

  return (
    <Drawer
      open={open}
      title={editing ? t('part.edit') : t('part.create')}
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
      <Form<PartFormValues>
        form={form}
        key={part?.id ?? 'new'}
        layout="vertical"
        preserve={false}
        initialValues={
          part
            ? {
                code: part.code,
                name: part.name,
                specification: part.specification ?? undefined,
                unitOfMeasure: part.unitOfMeasure,
                categoryId: part.categoryId,
                productIds: part.products.map((p) => p.id),
                standardCostYuan: fenToYuan(part.standardCostFen),
                minStock: part.minStock,
                notes: part.notes ?? undefined,
              }
            : { unitOfMeasure: '个', minStock: 0 }
        }
        onFinish={(values) =>
          save.mutate(values, {
            onSuccess: (saved) => {
              void message.success(editing ? t('part.saved') : t('part.created'));
              onSaved(saved);
            },
            onError: (error) =>
              showError(error, {
                form,
                onReload: onClose,
                mapPath: (path) => (path[0] === 'standardCostFen' ? ['standardCostYuan'] : path),
              }),
          })
        }
      >
        <Flex gap={16} wrap>
          <Form.Item
            name="code"
            label={t('part.code')}
            rules={[{ required: true, whitespace: true, message: t('part.codeRequired') }]}
            style={{ flex: 1, minWidth: 200 }}
          >
            <Input autoFocus maxLength={64} placeholder={t('part.codePlaceholder')} />
          </Form.Item>
          <Form.Item
            name="unitOfMeasure"
            label={t('part.unit')}
            rules={[{ required: true, whitespace: true, message: t('part.unitRequired') }]}
            style={{ width: 140 }}
          >
            <AutoComplete options={COMMON_UNITS.map((u) => ({ value: u }))} maxLength={16} />
          </Form.Item>
        </Flex>
        <Form.Item
          name="name"
          label={t('part.name')}
          rules={[{ required: true, whitespace: true, message: t('part.nameRequired') }]}
        >
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="specification" label={t('part.specification')}>
          <Input maxLength={1000} />
        </Form.Item>
        <Form.Item name="categoryId" label={t('part.category')}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            loading={categories.isLoading}
            options={(categories.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
          />
        </Form.Item>
        <Form.Item name="productIds" label={t('part.products')}>
          <ProductPicker known={part?.products ?? []} />
        </Form.Item>
        <Flex gap={16} wrap>
          <Form.Item name="standardCostYuan" label={t('part.standardCostYuan')} style={{ flex: 1, minWidth: 200 }}>
            <InputNumber min={0} precision={2} step={1} style={{ width: '100%' }} prefix="¥" />
          </Form.Item>
          <Form.Item
            name="minStock"
            label={t('part.minStock')}
            tooltip={t('part.minStockHelp')}
            style={{ flex: 1, minWidth: 200 }}
          >
            <InputNumber min={0} max={1_000_000} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Flex>
        <Form.Item name="notes" label={t('part.notes')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <button type="submit" hidden aria-hidden tabIndex={-1} />
      </Form>
    </Drawer>
  );
}

type StatusFilter = 'active' | 'discontinued' | 'all';

/** 备件目录: spare parts with search, category and status filters, stock totals, create/edit, discontinue. */
export function SparePartsPage() {
  const { t } = useTranslation('parts');
  const { message } = App.useApp();
  const can = useCan();
  const canWrite = can('parts.write');
  const queryClient = useQueryClient();
  const showError = useShowApiError('parts');
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const categoryId = params.get('categoryId') ?? undefined;
  const status = (params.get('status') as StatusFilter | null) ?? 'active';
  const [sort, setSort] = useState('code');
  const [editing, setEditing] = useState<SparePart | null | undefined>(undefined);
  const categories = useCategories();

  const setParam = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  const filters = { q: q || undefined, categoryId, status: status === 'all' ? undefined : status, sort };
  const list = useCursorList<SparePart>({
    queryKey: [...partsKeys.parts, 'list', filters],
    fetchPage: ({ cursor, limit }) => api.get<SparePartPage>('/spare-parts', { ...filters, cursor, limit }),
  });

  const changeStatus = useMutation({
    mutationFn: ({ part, to }: { part: SparePart; to: 'active' | 'discontinued' }) =>
      api.patch<SparePart>(`/spare-parts/${part.id}`, { version: part.version, status: to } satisfies UpdateSparePartRequest),
    onSuccess: (_, { to }) => {
      void message.success(to === 'discontinued' ? t('part.discontinued') : t('part.reactivated'));
      void queryClient.invalidateQueries({ queryKey: partsKeys.parts });
    },
    onError: (error) => showError(error, { onReload: list.refetch }),
  });

  const columns: TableColumnsType<SparePart> = [
    {
      title: t('part.code'),
      dataIndex: 'code',
      key: 'code',
      sorter: true,
      sortOrder: sortOrderOf(sort, 'code'),
      width: 150,
      fixed: 'left',
    },
    { title: t('part.name'), dataIndex: 'name', key: 'name', sorter: true, sortOrder: sortOrderOf(sort, 'name'), width: 180 },
    {
      title: t('part.specification'),
      dataIndex: 'specification',
      key: 'specification',
      width: 160,
      ellipsis: true,
      render: (v: string | null) => v ?? '—',
    },
    { title: t('part.unit'), dataIndex: 'unitOfMeasure', key: 'unit', width: 70 },
    { title: t('part.category'), dataIndex: 'categoryName', key: 'category', width: 110, render: (v: string | null) => v ?? '—' },
    {
      title: t('part.products'),
      key: 'products',
      width: 160,
      ellipsis: true,
      render: (_: unknown, p: SparePart) => (p.products.length ? p.products.map((x) => x.model).join('、') : '—'),
    },
    {
      title: t('part.standardCost'),
      dataIndex: 'standardCostFen',
      key: 'cost',
      width: 110,
      align: 'right',
      render: (v: number) => formatMoneyFen(v),
    },
    { title: t('part.minStock'), dataIndex: 'minStock', key: 'minStock', width: 90, align: 'right' },
    { title: t('part.onHand'), dataIndex: 'onHandTotal', key: 'onHand', width: 90, align: 'right' },
    {
      title: t('part.available'),
      dataIndex: 'availableTotal',
      key: 'available',
      width: 90,
      align: 'right',
      render: (v: number, p: SparePart) =>
        p.minStock > 0 && v < p.minStock ? (
          <Typography.Text type="danger" strong>
            {v}
          </Typography.Text>
        ) : (
          v
        ),
    },
    {
      title: t('part.status'),
      dataIndex: 'status',
      key: 'status',
      width: 80,
      render: (v: SparePart['status']) => <Tag color={v === 'active' ? 'green' : 'default'}>{t(`part.statusValue.${v}`)}</Tag>,
    },
    ...(canWrite
      ? [
          {
            title: t('common:list.actions'),
            key: 'actions',
            width: 130,
            fixed: 'right' as const,
            render: (_: unknown, part: SparePart) => (
              <Space size={0}>
                <Button type="link" size="small" onClick={() => setEditing(part)}>
                  {t('common:button.edit')}
                </Button>
                <Popconfirm
                  title={part.status === 'active' ? t('part.discontinueConfirm') : t('part.reactivateConfirm')}
                  okText={part.status === 'active' ? t('part.discontinue') : t('part.reactivate')}
                  cancelText={t('common:button.cancel')}
                  okButtonProps={{ danger: part.status === 'active' }}
                  onConfirm={() =>
                    changeStatus
                      .mutateAsync({ part, to: part.status === 'active' ? 'discontinued' : 'active' })
                      .catch(() => undefined)
                  }
                >
                  <Button type="link" size="small" danger={part.status === 'active'}>
                    {part.status === 'active' ? t('part.discontinue') : t('part.reactivate')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]
      : []),
  ];

  const onTableChange: TableProps<SparePart>['onChange'] = (_p, _f, sorter) => {
    const s = Array.isArray(sorter) ? sorter[0] : sorter;
    if (!s?.order || !s.columnKey) setSort('code');
    else setSort(`${s.order === 'descend' ? '-' : ''}${String(s.columnKey)}`);
  };

  return (
    <>
      <PageHeader
        title={t('part.title')}
        extra={
          canWrite && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)}>
              {t('part.create')}
            </Button>
          )
        }
      />
      <Flex gap={12} wrap style={{ marginBottom: 16 }} role="search" aria-label={t('part.search')}>
        <Input.Search
          defaultValue={q}
          allowClear
          placeholder={t('part.searchPlaceholder')}
          aria-label={t('part.searchPlaceholder')}
          style={{ width: 280 }}
          onSearch={(value) => setParam('q', value.trim() || undefined)}
        />
        <Select
          value={categoryId}
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('part.allCategories')}
          aria-label={t('part.category')}
          style={{ width: 180 }}
          options={(categories.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
          onChange={(value?: string) => setParam('categoryId', value)}
        />
        <Select<StatusFilter>
          value={status}
          aria-label={t('part.status')}
          style={{ width: 130 }}
          options={[
            { value: 'active', label: t('part.statusValue.active') },
            { value: 'discontinued', label: t('part.statusValue.discontinued') },
            { value: 'all', label: t('part.allStatuses') },
          ]}
          onChange={(value) => setParam('status', value === 'active' ? undefined : value)}
        />
      </Flex>
      <ApiErrorAlert error={list.error} ns="parts" onReload={list.refetch} retry />
      <Table<SparePart>
        rowKey="id"
        size="middle"
        columns={columns}
        {...list.tableProps}
        onChange={onTableChange}
        scroll={{ x: 1500 }}
        locale={{ emptyText: t('part.empty') }}
      />
      <LoadMore list={list} />
      <SparePartDrawer
        open={editing !== undefined}
        part={editing ?? null}
        onClose={() => setEditing(undefined)}
        onSaved={() => {
          setEditing(undefined);
          void queryClient.invalidateQueries({ queryKey: partsKeys.parts });
        }}
      />
    </>
  );
}

export function sortOrderOf(sort: string, key: string): 'ascend' | 'descend' | null {
  if (sort === key) return 'ascend';
  if (sort === `-${key}`) return 'descend';
  return null;
}
