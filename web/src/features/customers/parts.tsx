import { SearchOutlined } from '@ant-design/icons';
import { AutoComplete, Flex, Input, Select, Space, Tag, Tooltip, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type Customer,
  type CustomerDetail,
  type LookupItem,
  type Unit,
  useLookup,
  useProductOptions,
  useRegionOptions,
  useUserOptions,
} from './api';

/** Small building blocks shared by the customer pages. */

/** The debounced value of a text input: the lookup asks once the agent pauses typing. */
export function useDebounced<T>(value: T, ms = 200): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

/** 在保 / 过保 / 未知, with the reason (catalogue default or the contract) in a tooltip. */
export function WarrantyTag({ warranty }: { warranty: Unit['warranty'] }) {
  const { t } = useTranslation('customers');
  const state = warranty.inWarranty === null ? 'unknown' : warranty.inWarranty ? 'in' : 'out';
  const color = state === 'in' ? 'success' : state === 'out' ? 'error' : 'default';
  const reason = t(`warranty.reason.${warranty.reason}`, {
    months: warranty.defaultMonths,
    reason: warranty.overrideReason ?? '',
  });
  const until = warranty.end ? t('warranty.until', { date: warranty.end }) : '';
  return (
    <Tooltip title={[until, reason].filter(Boolean).join('；')}>
      <Tag color={color} data-testid="warranty-tag">
        {t(`warranty.${state}`)}
      </Tag>
    </Tooltip>
  );
}

/** VIP贵宾 / 大客户 / 特大型客户 tags. */
export function CustomerFlags({
  customer,
}: {
  customer: Pick<Customer, 'vip' | 'keyAccount' | 'veryLargeAccount'> & { status?: Customer['status'] };
}) {
  const { t } = useTranslation('customers');
  return (
    <>
      {customer.vip && <Tag color="gold">{t('flag.vip')}</Tag>}
      {customer.veryLargeAccount && <Tag color="volcano">{t('flag.veryLargeAccount')}</Tag>}
      {customer.keyAccount && <Tag color="blue">{t('flag.keyAccount')}</Tag>}
      {customer.status && customer.status !== 'active' && <Tag>{t(`status.${customer.status}`)}</Tag>}
    </>
  );
}

function LookupOption({ item }: { item: LookupItem }) {
  const { t } = useTranslation('customers');
  return (
    <Flex justify="space-between" gap={8} align="center">
      <span style={{ minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis' }}>
        <Typography.Text strong>{item.customer.name}</Typography.Text>{' '}
        <Typography.Text type="secondary">{item.customer.code}</Typography.Text>
      </span>
      <Space size={4}>
        <Tag>{t(`matchedBy.${item.matchedBy}`)}</Tag>
        <Typography.Text type="secondary">{item.matchedValue}</Typography.Text>
      </Space>
    </Flex>
  );
}

/**
 * Find a customer while the caller talks: name, pinyin, phone (start or last four digits), e-mail,
 * serial number or code. Each suggestion says what matched. Enter or click picks it.
 */
export function CustomerLookupBox({
  onPick,
  placeholder,
  autoFocus,
  style,
}: {
  onPick: (item: LookupItem) => void;
  placeholder?: string;
  autoFocus?: boolean;
  style?: React.CSSProperties;
}) {
  const { t } = useTranslation('customers');
  const [text, setText] = useState('');
  const q = useDebounced(text, 150);
  const lookup = useLookup(q);
  const items = text.trim() ? (lookup.data?.items ?? []) : [];
  return (
    <AutoComplete
      style={{ width: '100%', ...style }}
      value={text}
      onChange={setText}
      defaultActiveFirstOption
      options={items.map((item) => ({ value: item.customer.id, label: <LookupOption item={item} />, item }))}
      onSelect={(_value, option) => {
        onPick((option as unknown as { item: LookupItem }).item);
        setText('');
      }}
      notFoundContent={text.trim() && lookup.isFetched && !lookup.isFetching ? t('list.lookupEmpty') : undefined}
    >
      <Input
        size="large"
        allowClear
        prefix={<SearchOutlined />}
        placeholder={placeholder ?? t('list.lookupPlaceholder')}
        aria-label={placeholder ?? t('list.lookupPlaceholder')}
        autoFocus={autoFocus}
        data-testid="customer-lookup"
      />
    </AutoComplete>
  );
}

/** Pick a customer by typing (for forms outside a customer's page). */
export function CustomerPicker({
  value,
  onChange,
  initialLabel,
}: {
  value?: string;
  onChange?: (id: string) => void;
  initialLabel?: string;
}) {
  const { t } = useTranslation('customers');
  const [text, setText] = useState('');
  const q = useDebounced(text, 150);
  const lookup = useLookup(q);
  const options = (lookup.data?.items ?? []).map((item) => ({
    value: item.customer.id,
    label: `${item.customer.name}（${item.customer.code}）`,
  }));
  if (value && initialLabel && !options.some((o) => o.value === value)) options.unshift({ value, label: initialLabel });
  return (
    <Select
      showSearch={{ filterOption: false, onSearch: setText }}
      value={value}
      onChange={onChange}
      options={options}
      placeholder={t('form.searchCustomer')}
      notFoundContent={q.trim() && !lookup.isFetching ? t('list.lookupEmpty') : null}
      loading={lookup.isFetching}
    />
  );
}

/** Product model picker, searching the catalogue (GET /products?q=); says so when the catalogue is unavailable. */
export function ProductPicker({
  value,
  onChange,
  initial,
}: {
  value?: string;
  onChange?: (id: string) => void;
  initial?: { id: string; model: string; name: string };
}) {
  const { t } = useTranslation('customers');
  const [text, setText] = useState('');
  const q = useDebounced(text, 200);
  const products = useProductOptions(q);
  const options = (products.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.model} ${p.name}` }));
  if (initial && !options.some((o) => o.value === initial.id))
    options.unshift({ value: initial.id, label: `${initial.model} ${initial.name}` });
  return (
    <Select
      showSearch={{ filterOption: false, onSearch: setText }}
      value={value}
      onChange={onChange}
      options={options}
      loading={products.isFetching}
      status={products.isError ? 'warning' : undefined}
      notFoundContent={products.isError ? t('form.productUnavailable') : t('form.noProducts')}
      data-testid="product-picker"
    />
  );
}

/** Owner agent picker (GET /users). */
export function UserPicker({
  value,
  onChange,
  initialLabel,
}: {
  value?: string | null;
  onChange?: (id: string | null) => void;
  initialLabel?: string | null;
}) {
  const [text, setText] = useState('');
  const q = useDebounced(text, 200);
  const users = useUserOptions(q);
  const options = (users.data?.items ?? []).map((u) => ({ value: u.id, label: `${u.displayName}（${u.username}）` }));
  if (value && initialLabel && !options.some((o) => o.value === value)) options.unshift({ value, label: initialLabel });
  return (
    <Select
      allowClear
      showSearch={{ filterOption: false, onSearch: setText }}
      value={value ?? undefined}
      onChange={(v) => onChange?.(v ?? null)}
      options={options}
      loading={users.isFetching}
    />
  );
}

/** Region picker (GET /regions). */
export function RegionPicker({
  value,
  onChange,
  placeholder,
  style,
}: {
  value?: string | null;
  onChange?: (id: string | null) => void;
  placeholder?: string;
  style?: React.CSSProperties;
}) {
  const regions = useRegionOptions();
  return (
    <Select
      allowClear
      showSearch={{ optionFilterProp: 'label' }}
      style={style}
      placeholder={placeholder}
      value={value ?? undefined}
      onChange={(v) => onChange?.(v ?? null)}
      options={(regions.data?.items ?? []).filter((r) => !r.archived).map((r) => ({ value: r.id, label: r.name }))}
      loading={regions.isLoading}
    />
  );
}

/** The address of a customer as one line. */
export function addressLine(a: Pick<CustomerDetail['addresses'][number], 'province' | 'city' | 'district' | 'line'>): string {
  return [a.province, a.city, a.district, a.line].filter(Boolean).join(' ');
}
