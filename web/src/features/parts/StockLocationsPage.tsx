import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { TableColumnsType } from 'antd';
import { App, Button, Drawer, Flex, Form, Input, Radio, Select, Space, Switch, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { useCan } from '../../app/session';
import { ArchivedTag, ArchiveRestoreAction } from '../../components/archiving';
import { ApiErrorAlert, useShowApiError } from '../../components/apiErrors';
import { PageHeader } from '../../components/PageHeader';
import { LoadMore, useCursorList } from '../../components/useCursorList';
import {
  type CreateStockLocationRequest,
  partsKeys,
  type StockLocation,
  type StockLocationPage,
  type UpdateStockLocationRequest,
  useRegions,
  useTechnicians,
} from './api';

interface LocationFormValues {
  code: string;
  name: string;
  kind: StockLocation['kind'];
  technicianUserId?: string;
  regionId?: string | null;
  address?: string;
}

/** Create (location = null) or edit a warehouse or a technician's van. */
function LocationDrawer({
  open,
  location,
  onClose,
  onSaved,
}: {
  open: boolean;
  location: StockLocation | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation('parts');
  const { message } = App.useApp();
  const showError = useShowApiError('parts');
  const [form] = Form.useForm<LocationFormValues>();
  const kind = Form.useWatch('kind', form) ?? location?.kind ?? 'warehouse';
  const technicians = useTechnicians();
  const regions = useRegions();
  const editing = location !== null;

  const save = useMutation({
    mutationFn: (values: LocationFormValues) => {
      if (location) {
        const body: UpdateStockLocationRequest = {
          version: location.version,
          code: values.code.trim(),
          name: values.name.trim(),
          regionId: values.regionId ?? null,
          address: values.address?.trim() || null,
          ...(location.kind === 'van' && values.technicianUserId ? { technicianUserId: values.technicianUserId } : {}),
        };
        return api.patch<StockLocation>(`/stock-locations/${location.id}`, body);
      }
      const body: CreateStockLocationRequest = {
        code: values.code.trim(),
        name: values.name.trim(),
        kind: values.kind,
        technicianUserId: values.kind === 'van' ? (values.technicianUserId ?? null) : null,
        regionId: values.regionId ?? null,
        address: values.address?.trim() || null,
      };
      return api.post<StockLocation>('/stock-locations', body);
    },
  });

  return (
    <Drawer
      open={open}
      title={editing ? t('location.edit') : t('location.create')}
      size={520}
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
      <Form<LocationFormValues>
        form={form}
        key={location?.id ?? 'new'}
        layout="vertical"
        preserve={false}
        initialValues={
          location
            ? {
                code: location.code,
                name: location.name,
                kind: location.kind,
                technicianUserId: location.technicianUserId ?? undefined,
                regionId: location.regionId,
                address: location.address ?? undefined,
              }
            : { kind: 'warehouse' }
        }
        onFinish={(values) =>
          save.mutate(values, {
            onSuccess: () => {
              void message.success(editing ? t('location.saved') : t('location.created'));
              onSaved();
            },
            onError: (error) => showError(error, { form, onReload: onClose }),
          })
        }
      >
        <Form.Item name="kind" label={t('location.kind')}>
          <Radio.Group disabled={editing} optionType="button">
            <Radio value="warehouse">{t('kind.warehouse')}</Radio>
            <Radio value="van">{t('kind.van')}</Radio>
          </Radio.Group>
        </Form.Item>
        <Flex gap={16} wrap>
          <Form.Item
            name="code"
            label={t('location.code')}
            rules={[{ required: true, whitespace: true, message: t('location.codeRequired') }]}
            style={{ width: 180 }}
          >
            <Input autoFocus maxLength={32} />
          </Form.Item>
          <Form.Item
            name="name"
            label={t('location.name')}
            rules={[{ required: true, whitespace: true, message: t('location.nameRequired') }]}
            style={{ flex: 1, minWidth: 200 }}
          >
            <Input maxLength={100} />
          </Form.Item>
        </Flex>
        {kind === 'van' && (
          <Form.Item
            name="technicianUserId"
            label={t('location.technician')}
            rules={[{ required: true, message: t('location.technicianRequired') }]}
          >
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              loading={technicians.isLoading}
              options={(technicians.data?.items ?? [])
                .filter((u) => u.status === 'active' || u.id === location?.technicianUserId)
                .map((u) => ({ value: u.id, label: `${u.displayName}（${u.username}）` }))}
            />
          </Form.Item>
        )}
        <Form.Item name="regionId" label={t('location.region')}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            loading={regions.isLoading}
            options={(regions.data?.items ?? []).map((r) => ({ value: r.id, label: r.name }))}
          />
        </Form.Item>
        <Form.Item name="address" label={t('location.address')}>
          <Input maxLength={500} />
        </Form.Item>
        <button type="submit" hidden aria-hidden tabIndex={-1} />
      </Form>
    </Drawer>
  );
}

/** 库位管理: warehouses and technicians' vans. */
export function StockLocationsPage() {
  const { t } = useTranslation('parts');
  const { message } = App.useApp();
  const can = useCan();
  const canWrite = can('parts.write');
  const queryClient = useQueryClient();
  const showError = useShowApiError('parts');
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const kind = (params.get('kind') as StockLocation['kind'] | null) ?? undefined;
  const showArchived = params.get('archived') === 'all';
  const [editing, setEditing] = useState<StockLocation | null | undefined>(undefined);

  const setParam = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  const filters = { q: q || undefined, kind, archived: showArchived ? 'all' : 'active' };
  const list = useCursorList<StockLocation>({
    queryKey: [...partsKeys.locations, 'list', filters],
    fetchPage: ({ cursor, limit }) => api.get<StockLocationPage>('/stock-locations', { ...filters, cursor, limit }),
  });

  const setArchived = useMutation({
    mutationFn: ({ location, archived }: { location: StockLocation; archived: boolean }) =>
      api.patch<StockLocation>(`/stock-locations/${location.id}`, {
        version: location.version,
        archived,
      } satisfies UpdateStockLocationRequest),
    onSuccess: (_, { archived }) => {
      void message.success(archived ? t('location.archived') : t('location.restored'));
      void queryClient.invalidateQueries({ queryKey: partsKeys.locations });
    },
    onError: (error) => showError(error, { onReload: list.refetch }),
  });

  const columns: TableColumnsType<StockLocation> = [
    { title: t('location.code'), dataIndex: 'code', key: 'code', width: 130 },
    { title: t('location.name'), dataIndex: 'name', key: 'name', width: 180 },
    {
      title: t('location.kind'),
      dataIndex: 'kind',
      key: 'kind',
      width: 90,
      render: (v: StockLocation['kind']) => <Tag>{t(`kind.${v}`)}</Tag>,
    },
    {
      title: t('location.technician'),
      dataIndex: 'technicianName',
      key: 'technician',
      width: 120,
      render: (v: string | null) => v ?? '—',
    },
    { title: t('location.region'), dataIndex: 'regionName', key: 'region', width: 110, render: (v: string | null) => v ?? '—' },
    {
      title: t('location.address'),
      dataIndex: 'address',
      key: 'address',
      ellipsis: true,
      render: (v: string | null) => v ?? '—',
    },
    {
      title: t('location.status'),
      dataIndex: 'archived',
      key: 'status',
      width: 90,
      render: (v: boolean) => <ArchivedTag archived={v} />,
    },
    ...(canWrite
      ? [
          {
            title: t('common:list.actions'),
            key: 'actions',
            width: 140,
            render: (_: unknown, location: StockLocation) => (
              <Space size={0}>
                <Button type="link" size="small" onClick={() => setEditing(location)}>
                  {t('common:button.edit')}
                </Button>
                <ArchiveRestoreAction
                  archived={location.archived}
                  archiveLabel={t('location.archive')}
                  restoreLabel={t('location.restore')}
                  confirmTitle={t('location.archiveConfirm')}
                  onArchive={() => setArchived.mutateAsync({ location, archived: true })}
                  onRestore={() => setArchived.mutate({ location, archived: false })}
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
        title={t('location.title')}
        extra={
          canWrite && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)}>
              {t('location.create')}
            </Button>
          )
        }
      />
      <Flex gap={12} wrap align="center" style={{ marginBottom: 16 }} role="search" aria-label={t('location.searchPlaceholder')}>
        <Input.Search
          defaultValue={q}
          allowClear
          placeholder={t('location.searchPlaceholder')}
          aria-label={t('location.searchPlaceholder')}
          style={{ width: 260 }}
          onSearch={(value) => setParam('q', value.trim() || undefined)}
        />
        <Select<StockLocation['kind']>
          value={kind}
          allowClear
          placeholder={t('location.allKinds')}
          aria-label={t('location.kind')}
          style={{ width: 130 }}
          options={[
            { value: 'warehouse', label: t('kind.warehouse') },
            { value: 'van', label: t('kind.van') },
          ]}
          onChange={(value) => setParam('kind', value)}
        />
        <Space>
          <Switch
            checked={showArchived}
            onChange={(v) => setParam('archived', v ? 'all' : undefined)}
            aria-label={t('location.showArchived')}
          />
          <span>{t('location.showArchived')}</span>
        </Space>
      </Flex>
      <ApiErrorAlert error={list.error} ns="parts" onReload={list.refetch} retry />
      <Table<StockLocation>
        rowKey="id"
        size="middle"
        columns={columns}
        {...list.tableProps}
        scroll={{ x: 1000 }}
        locale={{ emptyText: t('location.empty') }}
      />
      <LoadMore list={list} />
      <LocationDrawer
        open={editing !== undefined}
        location={editing ?? null}
        onClose={() => setEditing(undefined)}
        onSaved={() => {
          setEditing(undefined);
          void queryClient.invalidateQueries({ queryKey: partsKeys.locations });
        }}
      />
    </>
  );
}
