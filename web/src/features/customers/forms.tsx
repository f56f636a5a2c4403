import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { App, Button, Checkbox, DatePicker, Flex, Form, Input, InputNumber, Modal, Select, Space, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useShowApiError } from '../../components/apiErrors';
import { dayjs, formatMoneyFen, yuanToFen } from '../../components/format';
import {
  type Address,
  type AddressInput,
  CONTACT_ROLES,
  type Contact,
  type ContactInput,
  type CreateOrderRequest,
  type CreateUnitRequest,
  ORDER_KINDS,
  type OrderDetail,
  UNIT_STATUSES,
  type Unit,
  type UnitDetail,
  type UpdateUnitRequest,
} from './api';
import { CustomerPicker, ProductPicker, RegionPicker } from './parts';

/** Modal forms of the customer pages: contact, address, unit, order. */

const toDate = (value?: string | null) => (value ? dayjs(value) : undefined);
const fromDate = (value: unknown): string | null => (value && dayjs.isDayjs(value) ? value.format('YYYY-MM-DD') : null);
const orNull = (value?: string | null) => (value?.trim() ? value.trim() : null);

// ---------------------------------------------------------------- contacts

export function ContactModal({
  open,
  customerId,
  contact,
  onClose,
  onSaved,
}: {
  open: boolean;
  customerId: string;
  contact: Contact | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation('customers');
  const { message } = App.useApp();
  const showError = useShowApiError('customers');
  const [form] = Form.useForm<ContactInput>();
  useEffect(() => {
    if (open) form.setFieldsValue(contact ? { ...contact } : { name: '', role: 'other', phone: '', email: '', isPrimary: false });
  }, [open, contact, form]);
  const save = useMutation({
    mutationFn: (values: ContactInput) => {
      const body = { ...values, phone: orNull(values.phone), email: orNull(values.email) };
      return contact
        ? api.patch<Contact>(`/customer-contacts/${contact.id}`, { ...body, version: contact.version })
        : api.post<Contact>(`/customers/${customerId}/contacts`, body);
    },
    onSuccess: () => {
      void message.success(t('form.saved'));
      onSaved();
    },
    onError: (error) => showError(error, { form, onReload: onSaved }),
  });
  return (
    <Modal
      open={open}
      title={contact ? t('detail.editContact') : t('detail.addContact')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      destroyOnHidden
      forceRender
    >
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
        <Form.Item
          name="name"
          label={t('field.contactName')}
          rules={[{ required: true, whitespace: true, message: t('common:field.required') }]}
        >
          <Input maxLength={100} autoFocus />
        </Form.Item>
        <Form.Item name="role" label={t('field.contactRole')}>
          <Select options={CONTACT_ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))} />
        </Form.Item>
        <Form.Item name="phone" label={t('field.phone')}>
          <Input maxLength={40} inputMode="tel" />
        </Form.Item>
        <Form.Item name="email" label={t('field.email')} rules={[{ type: 'email', message: t('common:field.email') }]}>
          <Input maxLength={200} inputMode="email" />
        </Form.Item>
        <Form.Item name="isPrimary" valuePropName="checked">
          <Checkbox>{t('field.primary')}</Checkbox>
        </Form.Item>
      </Form>
    </Modal>
  );
}

// ---------------------------------------------------------------- addresses

export function AddressFields({ prefix = [] }: { prefix?: (string | number)[] }) {
  const { t } = useTranslation('customers');
  const name = (n: string) => [...prefix, n];
  return (
    <>
      <Flex gap={8} wrap>
        <Form.Item name={name('province')} label={t('field.province')} style={{ flex: '1 1 120px' }}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name={name('city')} label={t('field.city')} style={{ flex: '1 1 120px' }}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name={name('district')} label={t('field.district')} style={{ flex: '1 1 120px' }}>
          <Input maxLength={50} />
        </Form.Item>
      </Flex>
      <Form.Item
        name={name('line')}
        label={t('field.line')}
        rules={[{ required: true, whitespace: true, message: t('common:field.required') }]}
      >
        <Input maxLength={300} />
      </Form.Item>
    </>
  );
}

export function AddressModal({
  open,
  customerId,
  address,
  onClose,
  onSaved,
}: {
  open: boolean;
  customerId: string;
  address: Address | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation('customers');
  const { message } = App.useApp();
  const showError = useShowApiError('customers');
  const [form] = Form.useForm<AddressInput>();
  useEffect(() => {
    if (open) form.setFieldsValue(address ? { ...address } : { line: '', isDefault: false });
  }, [open, address, form]);
  const save = useMutation({
    mutationFn: (values: AddressInput) => {
      const body: AddressInput = {
        ...values,
        label: orNull(values.label),
        province: orNull(values.province),
        city: orNull(values.city),
        district: orNull(values.district),
        postalCode: orNull(values.postalCode),
        latitude: values.latitude ?? null,
        longitude: values.longitude ?? null,
        regionId: values.regionId ?? null,
      };
      return address
        ? api.patch<Address>(`/customer-addresses/${address.id}`, { ...body, version: address.version })
        : api.post<Address>(`/customers/${customerId}/addresses`, body);
    },
    onSuccess: () => {
      void message.success(t('form.saved'));
      onSaved();
    },
    onError: (error) => showError(error, { form, onReload: onSaved }),
  });
  return (
    <Modal
      open={open}
      title={address ? t('detail.editAddress') : t('detail.addAddress')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      destroyOnHidden
      forceRender
      width={640}
    >
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
        <Flex gap={8} wrap>
          <Form.Item name="label" label={t('field.addressLabel')} style={{ flex: '1 1 160px' }}>
            <Input maxLength={50} placeholder={t('field.addressLabelPlaceholder')} />
          </Form.Item>
          <Form.Item name="regionId" label={t('field.region')} style={{ flex: '1 1 160px' }}>
            <RegionPicker />
          </Form.Item>
        </Flex>
        <AddressFields />
        <Flex gap={8} wrap>
          <Form.Item name="postalCode" label={t('field.postalCode')} style={{ flex: '1 1 100px' }}>
            <Input maxLength={20} />
          </Form.Item>
          <Form.Item name="latitude" label={t('field.latitude')} style={{ flex: '1 1 100px' }}>
            <InputNumber min={-90} max={90} step={0.000001} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="longitude" label={t('field.longitude')} style={{ flex: '1 1 100px' }}>
            <InputNumber min={-180} max={180} step={0.000001} style={{ width: '100%' }} />
          </Form.Item>
        </Flex>
        <Form.Item name="isDefault" valuePropName="checked">
          <Checkbox>{t('field.isDefault')}</Checkbox>
        </Form.Item>
      </Form>
    </Modal>
  );
}

// ---------------------------------------------------------------- units

interface UnitFormValues {
  serialNumber: string;
  productId: string;
  customerId: string;
  purchaseDate?: unknown;
  contractNumber?: string;
  installationAddress?: string;
  warrantyEndOverride?: unknown;
  warrantyOverrideReason?: string;
  status?: (typeof UNIT_STATUSES)[number];
  notes?: string;
}

/** Register (unit = null) or edit a unit. With `customer` the customer is fixed. */
export function UnitModal({
  open,
  unit,
  customer,
  onClose,
  onSaved,
}: {
  open: boolean;
  unit: Unit | UnitDetail | null;
  customer?: { id: string; name: string; code: string };
  onClose: () => void;
  onSaved: (unit: UnitDetail) => void;
}) {
  const { t } = useTranslation('customers');
  const { message } = App.useApp();
  const showError = useShowApiError('customers');
  const [form] = Form.useForm<UnitFormValues>();
  const override = Form.useWatch('warrantyEndOverride', form);
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(
      unit
        ? {
            serialNumber: unit.serialNumber,
            productId: unit.productId,
            customerId: unit.customerId,
            purchaseDate: toDate(unit.purchaseDate),
            contractNumber: unit.contractNumber ?? '',
            installationAddress: unit.installationAddress ?? '',
            warrantyEndOverride: toDate(unit.warranty.override),
            warrantyOverrideReason: unit.warranty.overrideReason ?? '',
            status: unit.status,
            notes: unit.notes ?? '',
          }
        : { customerId: customer?.id, status: 'in_service' },
    );
  }, [open, unit, customer, form]);
  const save = useMutation({
    mutationFn: (values: UnitFormValues) => {
      const overrideDate = fromDate(values.warrantyEndOverride);
      const body: CreateUnitRequest = {
        serialNumber: values.serialNumber,
        productId: values.productId,
        customerId: customer?.id ?? values.customerId,
        purchaseDate: fromDate(values.purchaseDate),
        contractNumber: orNull(values.contractNumber),
        installationAddress: orNull(values.installationAddress),
        warrantyEndOverride: overrideDate,
        warrantyOverrideReason: overrideDate ? orNull(values.warrantyOverrideReason) : null,
        status: values.status,
        notes: orNull(values.notes),
      };
      if (unit) return api.patch<UnitDetail>(`/units/${unit.id}`, { ...body, version: unit.version } satisfies UpdateUnitRequest);
      return api.post<UnitDetail>('/units', body);
    },
    onSuccess: (saved) => {
      void message.success(t('units.created', { serial: saved.serialNumber }));
      onSaved(saved);
    },
    onError: (error) => showError(error, { form, onReload: onClose }),
  });
  return (
    <Modal
      open={open}
      title={unit ? t('detail.editUnit') : t('detail.addUnit')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ 'data-testid': 'unit-save' } as any}
      confirmLoading={save.isPending}
      destroyOnHidden
      forceRender
      width={680}
    >
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
        {!customer && (
          <Form.Item
            name="customerId"
            label={t('field.customer')}
            rules={[{ required: true, message: t('common:field.required') }]}
          >
            <CustomerPicker initialLabel={unit ? `${unit.customer.name}（${unit.customer.code}）` : undefined} />
          </Form.Item>
        )}
        <Flex gap={8} wrap>
          <Form.Item
            name="serialNumber"
            label={t('field.serialNumber')}
            style={{ flex: '1 1 220px' }}
            rules={[{ required: true, whitespace: true, message: t('common:field.required') }]}
          >
            <Input maxLength={100} autoFocus data-testid="unit-serial" />
          </Form.Item>
          <Form.Item
            name="productId"
            label={t('field.product')}
            style={{ flex: '1 1 260px' }}
            rules={[{ required: true, message: t('common:field.required') }]}
          >
            <ProductPicker
              initial={unit ? { id: unit.product.id, model: unit.product.model, name: unit.product.name } : undefined}
            />
          </Form.Item>
        </Flex>
        <Flex gap={8} wrap>
          <Form.Item name="purchaseDate" label={t('field.purchaseDate')} style={{ flex: '1 1 160px' }}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="contractNumber" label={t('field.contractNumber')} style={{ flex: '1 1 160px' }}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="status" label={t('field.unitStatus')} style={{ flex: '1 1 140px' }}>
            <Select options={UNIT_STATUSES.map((s) => ({ value: s, label: t(`unitStatus.${s}`) }))} />
          </Form.Item>
        </Flex>
        <Form.Item name="installationAddress" label={t('field.installationAddress')}>
          <Input maxLength={300} />
        </Form.Item>
        <Flex gap={8} wrap>
          <Form.Item
            name="warrantyEndOverride"
            label={t('field.warrantyOverride')}
            extra={t('field.warrantyOverrideHelp')}
            style={{ flex: '1 1 200px' }}
          >
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item
            name="warrantyOverrideReason"
            label={t('field.warrantyOverrideReason')}
            style={{ flex: '2 1 280px' }}
            rules={[{ required: !!override, whitespace: true, message: t('common:field.required') }]}
          >
            <Input maxLength={500} disabled={!override} placeholder={t('field.warrantyOverrideReasonPlaceholder')} />
          </Form.Item>
        </Flex>
        <Form.Item name="notes" label={t('field.notes')}>
          <Input.TextArea maxLength={2000} autoSize={{ minRows: 2, maxRows: 5 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

// ---------------------------------------------------------------- orders

interface OrderFormValues {
  orderNumber?: string;
  orderDate: unknown;
  kind: (typeof ORDER_KINDS)[number];
  contractNumber?: string;
  notes?: string;
  lines: { productId?: string; quantity?: number; unitPriceYuan?: number }[];
}

export function OrderModal({
  open,
  customerId,
  onClose,
  onSaved,
}: {
  open: boolean;
  customerId: string;
  onClose: () => void;
  onSaved: (order: OrderDetail) => void;
}) {
  const { t } = useTranslation('customers');
  const { message } = App.useApp();
  const showError = useShowApiError('customers');
  const [form] = Form.useForm<OrderFormValues>();
  const lines = Form.useWatch('lines', form) ?? [];
  const totalFen = lines.reduce((sum, l) => sum + (l?.quantity ?? 0) * yuanToFen(l?.unitPriceYuan ?? 0), 0);
  useEffect(() => {
    if (open) {
      form.resetFields();
      form.setFieldsValue({ orderDate: dayjs(), kind: 'sale', lines: [{ quantity: 1 }] });
    }
  }, [open, form]);
  const save = useMutation({
    mutationFn: (values: OrderFormValues) => {
      const body: CreateOrderRequest = {
        customerId,
        orderNumber: orNull(values.orderNumber) ?? undefined,
        orderDate: fromDate(values.orderDate) ?? '',
        kind: values.kind,
        contractNumber: orNull(values.contractNumber),
        notes: orNull(values.notes),
        lines: values.lines.map((l) => ({
          productId: l.productId ?? '',
          quantity: l.quantity ?? 0,
          unitPriceFen: yuanToFen(l.unitPriceYuan ?? 0),
        })),
      };
      return api.post<OrderDetail>('/orders', body);
    },
    onSuccess: (order) => {
      void message.success(t('orders.created', { number: order.orderNumber }));
      onSaved(order);
    },
    onError: (error) =>
      showError(error, {
        form,
        mapPath: (path) => (path[0] === 'lines' && path[2] === 'unitPriceFen' ? ['lines', path[1], 'unitPriceYuan'] : path),
      }),
  });
  return (
    <Modal
      open={open}
      title={t('detail.addOrder')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      destroyOnHidden
      forceRender
      width={760}
    >
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
        <Flex gap={8} wrap>
          <Form.Item
            name="orderNumber"
            label={t('field.orderNumber')}
            extra={t('field.orderNumberHelp')}
            style={{ flex: '1 1 180px' }}
          >
            <Input maxLength={64} />
          </Form.Item>
          <Form.Item
            name="orderDate"
            label={t('field.orderDate')}
            style={{ flex: '1 1 150px' }}
            rules={[{ required: true, message: t('common:field.required') }]}
          >
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="kind" label={t('field.orderKind')} style={{ flex: '1 1 120px' }}>
            <Select options={ORDER_KINDS.map((k) => ({ value: k, label: t(`orderKind.${k}`) }))} />
          </Form.Item>
          <Form.Item name="contractNumber" label={t('field.contractNumber')} style={{ flex: '1 1 150px' }}>
            <Input maxLength={100} />
          </Form.Item>
        </Flex>
        <Typography.Text strong>{t('field.lines')}</Typography.Text>
        <Form.List name="lines">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <Flex key={field.key} gap={8} align="start" wrap>
                  <Form.Item
                    name={[field.name, 'productId']}
                    label={t('field.product')}
                    style={{ flex: '3 1 240px' }}
                    rules={[{ required: true, message: t('common:field.required') }]}
                  >
                    <ProductPicker />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'quantity']}
                    label={t('field.quantity')}
                    style={{ flex: '1 1 90px' }}
                    rules={[{ required: true, message: t('common:field.required') }]}
                  >
                    <InputNumber min={1} max={1_000_000} precision={0} style={{ width: '100%' }} />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'unitPriceYuan']}
                    label={t('field.unitPrice')}
                    style={{ flex: '1 1 120px' }}
                    rules={[{ required: true, message: t('common:field.required') }]}
                  >
                    <InputNumber min={0} precision={2} style={{ width: '100%' }} />
                  </Form.Item>
                  <Button
                    type="text"
                    icon={<MinusCircleOutlined />}
                    aria-label={t('common:button.remove')}
                    disabled={fields.length <= 1}
                    onClick={() => remove(field.name)}
                    style={{ marginTop: 30 }}
                  />
                </Flex>
              ))}
              <Space style={{ marginBottom: 16 }}>
                <Button icon={<PlusOutlined />} onClick={() => add({ quantity: 1 })}>
                  {t('orders.addLine')}
                </Button>
                <Typography.Text>
                  {t('field.total')}: <Typography.Text strong>{formatMoneyFen(totalFen)}</Typography.Text>
                </Typography.Text>
              </Space>
            </>
          )}
        </Form.List>
        <Form.Item name="notes" label={t('field.notes')}>
          <Input.TextArea maxLength={2000} autoSize={{ minRows: 2, maxRows: 4 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
