import { EditOutlined, InboxOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { TableColumnsType } from 'antd';
import { App, Button, Card, Descriptions, Empty, Popconfirm, Skeleton, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { api } from '../../api/client';
import { useCan } from '../../app/session';
import { ApiErrorAlert, useShowApiError } from '../../components/apiErrors';
import { formatDate, formatDateTime, formatMoneyFen } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import {
  type Address,
  type Contact,
  type CustomerDetail,
  customerKeys,
  type Order,
  type Unit,
  useCustomer,
  useCustomerAudit,
} from './api';
import { AddressModal, ContactModal, OrderModal, UnitModal } from './forms';
import { addressLine, CustomerFlags, WarrantyTag } from './parts';

/** 客户详情: the customer's file with contacts, addresses, units (warranty), orders and the change log. */
export function CustomerDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('customers');
  const navigate = useNavigate();
  const query = useCustomer(id);
  const c = query.data;
  if (query.isLoading) return <Skeleton active />;
  if (!c) {
    return (
      <>
        <PageHeader title={t('list.title')} onBack={() => navigate('/customers')} />
        <ApiErrorAlert error={query.error} ns="customers" onReload={() => void query.refetch()} retry />
      </>
    );
  }
  return <CustomerView customer={c} />;
}

function CustomerView({ customer: c }: { customer: CustomerDetail }) {
  const { t } = useTranslation('customers');
  const navigate = useNavigate();
  const can = useCan();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const showError = useShowApiError('customers');
  const reload = () => void queryClient.invalidateQueries({ queryKey: customerKeys.detail(c.id) });
  const [contactModal, setContactModal] = useState<{ contact: Contact | null } | null>(null);
  const [addressModal, setAddressModal] = useState<{ address: Address | null } | null>(null);
  const [unitModal, setUnitModal] = useState<{ unit: Unit | null } | null>(null);
  const [orderOpen, setOrderOpen] = useState(false);
  const canWrite = can('customer.write');

  const archive = useMutation({
    mutationFn: (target: { path: string; version: number }) => api.post(target.path, { version: target.version }),
    onSuccess: () => {
      void message.success(t('form.saved'));
      void queryClient.invalidateQueries({ queryKey: customerKeys.all });
    },
    onError: (error) => showError(error, { onReload: reload }),
  });

  const contactColumns: TableColumnsType<Contact> = [
    {
      title: t('field.contactName'),
      dataIndex: 'name',
      render: (name: string, r) => (
        <Space>
          {name}
          {r.isPrimary && <Tag color="blue">{t('field.primary')}</Tag>}
        </Space>
      ),
    },
    { title: t('field.contactRole'), dataIndex: 'role', render: (r: Contact['role']) => t(`role.${r}`) },
    { title: t('field.phone'), dataIndex: 'phone', render: (v: string | null) => v ?? '—' },
    { title: t('field.email'), dataIndex: 'email', render: (v: string | null) => v ?? '—' },
    ...(canWrite
      ? [
          {
            title: t('common:list.actions'),
            key: 'actions',
            width: 150,
            render: (_: unknown, r: Contact) => (
              <Space>
                <Button size="small" type="link" onClick={() => setContactModal({ contact: r })}>
                  {t('common:button.edit')}
                </Button>
                <Popconfirm
                  title={t('detail.archiveContactConfirm')}
                  onConfirm={() => archive.mutate({ path: `/customer-contacts/${r.id}/archive`, version: r.version })}
                >
                  <Button size="small" type="link">
                    {t('common:button.archive')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]
      : []),
  ];

  const addressColumns: TableColumnsType<Address> = [
    {
      title: t('field.addressLabel'),
      dataIndex: 'label',
      width: 120,
      render: (v: string | null, r) => (
        <Space>
          {v ?? '—'}
          {r.isDefault && <Tag color="blue">{t('field.isDefault')}</Tag>}
        </Space>
      ),
    },
    { title: t('field.line'), key: 'line', render: (_: unknown, r) => addressLine(r) },
    { title: t('field.region'), dataIndex: 'regionName', width: 100, render: (v: string | null) => v ?? '—' },
    { title: t('field.postalCode'), dataIndex: 'postalCode', width: 90, render: (v: string | null) => v ?? '—' },
    ...(canWrite
      ? [
          {
            title: t('common:list.actions'),
            key: 'actions',
            width: 150,
            render: (_: unknown, r: Address) => (
              <Space>
                <Button size="small" type="link" onClick={() => setAddressModal({ address: r })}>
                  {t('common:button.edit')}
                </Button>
                <Popconfirm
                  title={t('detail.archiveAddressConfirm')}
                  onConfirm={() => archive.mutate({ path: `/customer-addresses/${r.id}/archive`, version: r.version })}
                >
                  <Button size="small" type="link">
                    {t('common:button.archive')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]
      : []),
  ];

  const unitColumns: TableColumnsType<Unit> = [
    {
      title: t('field.serialNumber'),
      dataIndex: 'serialNumber',
      render: (s: string, u) => <Link to={`/units/${u.id}`}>{s}</Link>,
    },
    { title: t('field.product'), key: 'product', render: (_: unknown, u) => `${u.product.model} ${u.product.name}` },
    { title: t('field.purchaseDate'), dataIndex: 'purchaseDate', width: 110, render: (v: string | null) => formatDate(v) },
    { title: t('field.warrantyEnd'), key: 'end', width: 110, render: (_: unknown, u) => formatDate(u.warranty.end) },
    {
      title: t('field.warrantyStatus'),
      key: 'warranty',
      width: 90,
      render: (_: unknown, u) => <WarrantyTag warranty={u.warranty} />,
    },
    {
      title: t('field.warrantyReason'),
      key: 'reason',
      width: 110,
      render: (_: unknown, u) => t(`warranty.reasonShort.${u.warranty.reason}`),
    },
    { title: t('field.unitStatus'), dataIndex: 'status', width: 90, render: (s: Unit['status']) => t(`unitStatus.${s}`) },
    ...(canWrite
      ? [
          {
            title: t('common:list.actions'),
            key: 'actions',
            width: 80,
            render: (_: unknown, u: Unit) => (
              <Button size="small" type="link" onClick={() => setUnitModal({ unit: u })}>
                {t('common:button.edit')}
              </Button>
            ),
          },
        ]
      : []),
  ];

  const orderColumns: TableColumnsType<Order> = [
    { title: t('field.orderNumber'), dataIndex: 'orderNumber' },
    { title: t('field.orderDate'), dataIndex: 'orderDate', width: 110 },
    { title: t('field.orderKind'), dataIndex: 'kind', width: 80, render: (k: Order['kind']) => t(`orderKind.${k}`) },
    { title: t('field.contractNumber'), dataIndex: 'contractNumber', render: (v: string | null) => v ?? '—' },
    { title: t('field.lineCount'), dataIndex: 'lineCount', width: 80, align: 'right' },
    { title: t('field.total'), dataIndex: 'totalFen', width: 130, align: 'right', render: (v: number) => formatMoneyFen(v) },
    {
      title: t('field.orderStatus'),
      dataIndex: 'status',
      width: 90,
      render: (s: Order['status']) => (
        <Tag color={s === 'cancelled' ? 'default' : s === 'open' ? 'processing' : 'success'}>{t(`orderStatus.${s}`)}</Tag>
      ),
    },
    ...(canWrite
      ? [
          {
            title: t('common:list.actions'),
            key: 'actions',
            width: 100,
            render: (_: unknown, o: Order) =>
              o.status !== 'cancelled' && (
                <Popconfirm
                  title={t('units.cancelOrderConfirm')}
                  onConfirm={() => archive.mutate({ path: `/orders/${o.id}/cancel`, version: o.version })}
                >
                  <Button size="small" type="link" danger>
                    {t('orders.cancel')}
                  </Button>
                </Popconfirm>
              ),
          },
        ]
      : []),
  ];

  const yesNo = (v: boolean) => (v ? t('common:state.yes') : t('common:state.no'));

  return (
    <>
      <PageHeader
        title={c.name}
        subTitle={c.code}
        tags={<CustomerFlags customer={c} />}
        onBack={() => navigate('/customers')}
        extra={
          canWrite && (
            <>
              <Button icon={<EditOutlined />} onClick={() => navigate(`/customers/${c.id}/edit`)}>
                {t('common:button.edit')}
              </Button>
              <Button icon={<PlusOutlined />} onClick={() => setUnitModal({ unit: null })} data-testid="add-unit">
                {t('detail.addUnit')}
              </Button>
              <Button icon={<PlusOutlined />} onClick={() => setOrderOpen(true)}>
                {t('detail.addOrder')}
              </Button>
              {c.status === 'active' && (
                <Popconfirm
                  title={t('detail.archiveConfirm')}
                  onConfirm={() => archive.mutate({ path: `/customers/${c.id}/archive`, version: c.version })}
                >
                  <Button icon={<InboxOutlined />}>{t('common:button.archive')}</Button>
                </Popconfirm>
              )}
            </>
          )
        }
      />
      <Card style={{ marginBottom: 16 }}>
        <Descriptions column={{ xs: 1, sm: 2, lg: 3 }} size="small">
          <Descriptions.Item label={t('field.kind')}>{t(`kind.${c.kind}`)}</Descriptions.Item>
          <Descriptions.Item label={t('field.class')}>{t(`class.${c.class}`)}</Descriptions.Item>
          <Descriptions.Item label={t('field.status')}>{t(`status.${c.status}`)}</Descriptions.Item>
          <Descriptions.Item label={t('field.owner')}>{c.ownerName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('field.region')}>{c.regionName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('field.transactionCount')}>{c.transactionCount}</Descriptions.Item>
          <Descriptions.Item label={t('field.preferredChannel')}>
            {c.preferredChannel ? t(`channel.${c.preferredChannel}`) : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('field.preferredContactHours')}>{c.preferredContactHours ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('field.doNotDisturb')}>{yesNo(c.doNotDisturb)}</Descriptions.Item>
          <Descriptions.Item label={t('field.reducedContact')}>{yesNo(c.reducedContact)}</Descriptions.Item>
          <Descriptions.Item label={t('field.tags')}>
            {c.tags.length ? c.tags.map((tag) => <Tag key={tag}>{tag}</Tag>) : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('field.createdAt')}>{formatDateTime(c.createdAt)}</Descriptions.Item>
          <Descriptions.Item label={t('field.notes')} span={3}>
            <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{c.notes ?? '—'}</Typography.Paragraph>
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card>
        <Tabs
          defaultActiveKey="units"
          items={[
            {
              key: 'contacts',
              label: `${t('detail.tabs.contacts')} (${c.contacts.length})`,
              children: (
                <>
                  {canWrite && (
                    <Button
                      icon={<PlusOutlined />}
                      style={{ marginBottom: 12 }}
                      onClick={() => setContactModal({ contact: null })}
                    >
                      {t('detail.addContact')}
                    </Button>
                  )}
                  <Table rowKey="id" size="small" pagination={false} columns={contactColumns} dataSource={c.contacts} />
                </>
              ),
            },
            {
              key: 'addresses',
              label: `${t('detail.tabs.addresses')} (${c.addresses.length})`,
              children: (
                <>
                  {canWrite && (
                    <Button
                      icon={<PlusOutlined />}
                      style={{ marginBottom: 12 }}
                      onClick={() => setAddressModal({ address: null })}
                    >
                      {t('detail.addAddress')}
                    </Button>
                  )}
                  <Table rowKey="id" size="small" pagination={false} columns={addressColumns} dataSource={c.addresses} />
                </>
              ),
            },
            {
              key: 'units',
              label: `${t('detail.tabs.units')} (${c.counts.units})`,
              children: c.units.length ? (
                <>
                  {c.counts.units > c.units.length && (
                    <Typography.Paragraph type="secondary">
                      {t('detail.recentUnitsHint', { count: c.units.length })}{' '}
                      <Link to={`/units?customerId=${c.id}`}>{t('detail.allUnits')}</Link>
                    </Typography.Paragraph>
                  )}
                  <Table
                    rowKey="id"
                    size="small"
                    pagination={false}
                    columns={unitColumns}
                    dataSource={c.units}
                    scroll={{ x: 800 }}
                  />
                </>
              ) : (
                <Empty description={t('detail.noUnits')} />
              ),
            },
            {
              key: 'orders',
              label: `${t('detail.tabs.orders')} (${c.orders.count})`,
              children: (
                <>
                  <Typography.Paragraph type="secondary">
                    {t('detail.ordersSummary', {
                      count: c.orders.count,
                      transactions: c.orders.transactionCount,
                      total: formatMoneyFen(c.orders.totalFen),
                    })}
                    {c.orders.count > c.orders.recent.length && (
                      <>
                        {' '}
                        <Link to={`/orders?customerId=${c.id}`}>{t('detail.allOrders')}</Link>
                      </>
                    )}
                  </Typography.Paragraph>
                  <Table
                    rowKey="id"
                    size="small"
                    pagination={false}
                    columns={orderColumns}
                    dataSource={c.orders.recent}
                    scroll={{ x: 800 }}
                  />
                </>
              ),
            },
            ...(can('audit.read')
              ? [{ key: 'audit', label: t('detail.tabs.audit'), children: <AuditTab customerId={c.id} /> }]
              : []),
          ]}
        />
      </Card>
      <ContactModal
        open={!!contactModal}
        customerId={c.id}
        contact={contactModal?.contact ?? null}
        onClose={() => setContactModal(null)}
        onSaved={() => {
          setContactModal(null);
          reload();
        }}
      />
      <AddressModal
        open={!!addressModal}
        customerId={c.id}
        address={addressModal?.address ?? null}
        onClose={() => setAddressModal(null)}
        onSaved={() => {
          setAddressModal(null);
          reload();
        }}
      />
      <UnitModal
        open={!!unitModal}
        unit={unitModal?.unit ?? null}
        customer={{ id: c.id, name: c.name, code: c.code }}
        onClose={() => setUnitModal(null)}
        onSaved={() => {
          setUnitModal(null);
          reload();
          void queryClient.invalidateQueries({ queryKey: customerKeys.units });
        }}
      />
      <OrderModal
        open={orderOpen}
        customerId={c.id}
        onClose={() => setOrderOpen(false)}
        onSaved={() => {
          setOrderOpen(false);
          reload();
          void queryClient.invalidateQueries({ queryKey: customerKeys.orders });
        }}
      />
    </>
  );
}

type AuditField = { label: string; kind: 'text' | 'bool' | 'enum' | 'ref' | 'tags'; enumPrefix?: string };
const AUDIT_FIELDS: Record<string, AuditField> = {
  code: { label: 'field.code', kind: 'text' },
  name: { label: 'field.name', kind: 'text' },
  kind: { label: 'field.kind', kind: 'enum', enumPrefix: 'kind' },
  class: { label: 'field.class', kind: 'enum', enumPrefix: 'class' },
  status: { label: 'field.status', kind: 'enum', enumPrefix: 'status' },
  is_key_account: { label: 'flag.keyAccount', kind: 'bool' },
  is_very_large_account: { label: 'flag.veryLargeAccount', kind: 'bool' },
  is_vip: { label: 'flag.vip', kind: 'bool' },
  owner_user_id: { label: 'field.owner', kind: 'ref' },
  region_id: { label: 'field.region', kind: 'ref' },
  preferred_channel: { label: 'field.preferredChannel', kind: 'enum', enumPrefix: 'channel' },
  preferred_contact_hours: { label: 'field.preferredContactHours', kind: 'text' },
  do_not_disturb: { label: 'field.doNotDisturb', kind: 'bool' },
  reduced_contact: { label: 'field.reducedContact', kind: 'bool' },
  tags: { label: 'field.tags', kind: 'tags' },
  notes: { label: 'field.notes', kind: 'text' },
};

function AuditTab({ customerId }: { customerId: string }) {
  const { t } = useTranslation('customers');
  const audit = useCustomerAudit(customerId, true);
  /** A changed column in the user's words: the field label, with enums and yes/no translated; ids are not shown. */
  const describe = (value: unknown) => {
    if (!value || typeof value !== 'object') return '';
    const parts: string[] = [];
    for (const [column, v] of Object.entries(value as Record<string, unknown>)) {
      const field = AUDIT_FIELDS[column];
      if (!field) continue;
      let text: string;
      if (v === null || v === undefined || v === '') text = '—';
      else if (field.kind === 'bool') text = v === true || v === 1 ? t('common:state.yes') : t('common:state.no');
      else if (field.kind === 'enum') text = t(`${field.enumPrefix}.${String(v)}`, { defaultValue: String(v) });
      else if (field.kind === 'ref') text = '✓';
      else if (field.kind === 'tags') text = String(v).replace(/[[\]"]/g, '') || '—';
      else text = String(v);
      parts.push(`${t(field.label)}: ${text}`);
    }
    return parts.join('；');
  };
  return (
    <>
      <ApiErrorAlert error={audit.error} ns="customers" />
      <Table
        rowKey="id"
        size="small"
        loading={audit.isLoading}
        pagination={false}
        dataSource={audit.data?.items ?? []}
        columns={[
          { title: t('detail.auditWhen'), dataIndex: 'at', width: 150, render: (v: string) => formatDateTime(v) },
          { title: t('detail.auditWho'), key: 'who', width: 120, render: (_: unknown, e) => e.actorName ?? e.actorLabel },
          {
            title: t('detail.auditWhat'),
            dataIndex: 'action',
            width: 80,
            render: (a: string) => t(`detail.auditAction.${a}`, { defaultValue: a }),
          },
          {
            title: t('detail.auditChanges'),
            key: 'changes',
            render: (_: unknown, e) => (
              <Typography.Text style={{ fontSize: 12 }}>
                {e.before ? (
                  <Typography.Text delete type="secondary">
                    {describe(e.before)}
                  </Typography.Text>
                ) : null}
                {e.before ? ' → ' : ''}
                {describe(e.after)}
              </Typography.Text>
            ),
          },
        ]}
      />
    </>
  );
}
