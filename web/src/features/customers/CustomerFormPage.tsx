import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Checkbox, Flex, Form, Input, Radio, Select, Skeleton, Space, Switch } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { api } from '../../api/client';
import { ApiErrorAlert, useShowApiError } from '../../components/apiErrors';
import { PageHeader } from '../../components/PageHeader';
import {
  CHANNELS,
  CONTACT_ROLES,
  type CreateCustomerRequest,
  CUSTOMER_CLASSES,
  CUSTOMER_KINDS,
  type CustomerDetail,
  customerKeys,
  type UpdateCustomerRequest,
  useCustomer,
} from './api';
import { RegionPicker, UserPicker } from './parts';

type Flag = 'keyAccount' | 'veryLargeAccount' | 'vip';

interface CustomerFormValues {
  kind: CreateCustomerRequest['kind'];
  name: string;
  class: NonNullable<CreateCustomerRequest['class']>;
  flags: Flag[];
  ownerUserId?: string | null;
  regionId?: string | null;
  preferredChannel?: CreateCustomerRequest['preferredChannel'];
  preferredContactHours?: string;
  doNotDisturb: boolean;
  reducedContact: boolean;
  tags: string[];
  notes?: string;
  contacts?: { name?: string; role?: string; phone?: string; email?: string }[];
  addresses?: { province?: string; city?: string; district?: string; line?: string }[];
}

const orNull = (v?: string | null) => (v?.trim() ? v.trim() : null);

function toBody(values: CustomerFormValues) {
  return {
    kind: values.kind,
    name: values.name,
    class: values.class,
    keyAccount: values.flags.includes('keyAccount'),
    veryLargeAccount: values.flags.includes('veryLargeAccount'),
    vip: values.flags.includes('vip'),
    regionId: values.regionId ?? null,
    preferredChannel: values.preferredChannel ?? null,
    preferredContactHours: orNull(values.preferredContactHours),
    doNotDisturb: values.doNotDisturb,
    reducedContact: values.reducedContact,
    tags: values.tags,
    notes: orNull(values.notes),
  };
}

function CustomerForm({ customer }: { customer: CustomerDetail | null }) {
  const { t } = useTranslation('customers');
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const showError = useShowApiError('customers');
  const [form] = Form.useForm<CustomerFormValues>();

  useEffect(() => {
    if (customer) {
      form.setFieldsValue({
        kind: customer.kind,
        name: customer.name,
        class: customer.class,
        flags: (['keyAccount', 'veryLargeAccount', 'vip'] as Flag[]).filter((f) => customer[f]),
        ownerUserId: customer.ownerUserId,
        regionId: customer.regionId,
        preferredChannel: customer.preferredChannel,
        preferredContactHours: customer.preferredContactHours ?? '',
        doNotDisturb: customer.doNotDisturb,
        reducedContact: customer.reducedContact,
        tags: customer.tags,
        notes: customer.notes ?? '',
      });
    }
  }, [customer, form]);

  const save = useMutation({
    mutationFn: (values: CustomerFormValues) => {
      if (customer) {
        const body: UpdateCustomerRequest = {
          ...toBody(values),
          ownerUserId: values.ownerUserId ?? null,
          version: customer.version,
        };
        return api.patch<CustomerDetail>(`/customers/${customer.id}`, body);
      }
      const body: CreateCustomerRequest = {
        ...toBody(values),
        // empty = the agent creating it owns it (first-responder)
        ...(values.ownerUserId ? { ownerUserId: values.ownerUserId } : {}),
        contacts: (values.contacts ?? [])
          .filter((c) => c.name?.trim() || c.phone?.trim() || c.email?.trim())
          .map((c) => ({
            name: c.name?.trim() || values.name,
            role: (c.role ?? 'other') as (typeof CONTACT_ROLES)[number],
            phone: orNull(c.phone),
            email: orNull(c.email),
          })),
        addresses: (values.addresses ?? [])
          .filter((a) => a.line?.trim())
          .map((a) => ({ province: orNull(a.province), city: orNull(a.city), district: orNull(a.district), line: a.line ?? '' })),
      };
      return api.post<CustomerDetail>('/customers', body);
    },
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: customerKeys.all });
      void message.success(customer ? t('form.saved') : t('form.created', { code: saved.code }));
      navigate(`/customers/${saved.id}`);
    },
    onError: (error) =>
      showError(error, {
        form,
        onReload: () => customer && void queryClient.invalidateQueries({ queryKey: customerKeys.detail(customer.id) }),
        mapPath: (path) => (['keyAccount', 'veryLargeAccount', 'vip'].includes(String(path[0])) ? ['flags'] : path),
      }),
  });

  return (
    <Form<CustomerFormValues>
      form={form}
      layout="vertical"
      initialValues={{
        kind: 'company',
        class: 'C',
        flags: [],
        doNotDisturb: false,
        reducedContact: false,
        tags: [],
        contacts: [{ role: 'main_user' }],
        addresses: [{}],
      }}
      onFinish={(values) => save.mutate(values)}
      scrollToFirstError
    >
      <Card title={t('detail.basic')} style={{ marginBottom: 16 }}>
        <Flex gap={16} wrap>
          <Form.Item name="kind" label={t('field.kind')} style={{ flex: '0 0 auto' }}>
            <Radio.Group optionType="button" options={CUSTOMER_KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))} />
          </Form.Item>
          <Form.Item
            name="name"
            label={t('field.name')}
            style={{ flex: '1 1 280px' }}
            rules={[{ required: true, whitespace: true, message: t('common:field.required') }]}
          >
            <Input maxLength={200} autoFocus data-testid="customer-name" />
          </Form.Item>
          <Form.Item name="class" label={t('field.class')} style={{ flex: '0 1 140px' }}>
            <Select options={CUSTOMER_CLASSES.map((c) => ({ value: c, label: t(`class.${c}`) }))} />
          </Form.Item>
        </Flex>
        <Form.Item name="flags" label={t('field.flags')}>
          <Checkbox.Group
            options={(['keyAccount', 'veryLargeAccount', 'vip'] as Flag[]).map((f) => ({ value: f, label: t(`flag.${f}`) }))}
          />
        </Form.Item>
        <Flex gap={16} wrap>
          <Form.Item
            name="ownerUserId"
            label={t('field.owner')}
            extra={customer ? undefined : t('form.ownerHint')}
            style={{ flex: '1 1 240px' }}
          >
            <UserPicker initialLabel={customer?.ownerName} />
          </Form.Item>
          <Form.Item name="regionId" label={t('field.region')} style={{ flex: '1 1 200px' }}>
            <RegionPicker />
          </Form.Item>
        </Flex>
      </Card>

      <Card title={t('detail.preferences')} style={{ marginBottom: 16 }}>
        <Flex gap={16} wrap>
          <Form.Item name="preferredChannel" label={t('field.preferredChannel')} style={{ flex: '1 1 180px' }}>
            <Select allowClear options={CHANNELS.map((c) => ({ value: c, label: t(`channel.${c}`) }))} />
          </Form.Item>
          <Form.Item name="preferredContactHours" label={t('field.preferredContactHours')} style={{ flex: '1 1 220px' }}>
            <Input maxLength={100} placeholder={t('field.preferredContactHoursPlaceholder')} />
          </Form.Item>
          <Form.Item name="doNotDisturb" label={t('field.doNotDisturb')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name="reducedContact" label={t('field.reducedContact')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Flex>
        <Form.Item name="tags" label={t('field.tags')}>
          <Select mode="tags" tokenSeparators={[',', '，']} placeholder={t('field.tagsPlaceholder')} open={false} />
        </Form.Item>
        <Form.Item name="notes" label={t('field.notes')}>
          <Input.TextArea maxLength={2000} autoSize={{ minRows: 2, maxRows: 6 }} />
        </Form.Item>
      </Card>

      {!customer && (
        <>
          <Card title={t('form.contacts')} style={{ marginBottom: 16 }}>
            <Form.List name="contacts">
              {(fields, { add, remove }) => (
                <>
                  {fields.map((field) => (
                    <Flex key={field.key} gap={8} wrap align="start">
                      <Form.Item name={[field.name, 'name']} label={t('field.contactName')} style={{ flex: '1 1 140px' }}>
                        <Input maxLength={100} />
                      </Form.Item>
                      <Form.Item name={[field.name, 'role']} label={t('field.contactRole')} style={{ flex: '1 1 140px' }}>
                        <Select options={CONTACT_ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))} />
                      </Form.Item>
                      <Form.Item name={[field.name, 'phone']} label={t('field.phone')} style={{ flex: '1 1 160px' }}>
                        <Input maxLength={40} inputMode="tel" data-testid="contact-phone" />
                      </Form.Item>
                      <Form.Item
                        name={[field.name, 'email']}
                        label={t('field.email')}
                        style={{ flex: '1 1 200px' }}
                        rules={[{ type: 'email', message: t('common:field.email') }]}
                      >
                        <Input maxLength={200} inputMode="email" />
                      </Form.Item>
                      <Button
                        type="text"
                        icon={<MinusCircleOutlined />}
                        aria-label={t('common:button.remove')}
                        onClick={() => remove(field.name)}
                        style={{ marginTop: 30 }}
                      />
                    </Flex>
                  ))}
                  <Button icon={<PlusOutlined />} onClick={() => add({ role: 'other' })}>
                    {t('form.addContact')}
                  </Button>
                </>
              )}
            </Form.List>
          </Card>
          <Card title={t('form.addresses')} style={{ marginBottom: 16 }}>
            <Form.List name="addresses">
              {(fields, { add, remove }) => (
                <>
                  {fields.map((field) => (
                    <Flex key={field.key} gap={8} align="start">
                      <div style={{ flex: 1 }}>
                        <AddressLineFields name={field.name} />
                      </div>
                      <Button
                        type="text"
                        icon={<MinusCircleOutlined />}
                        aria-label={t('common:button.remove')}
                        onClick={() => remove(field.name)}
                        style={{ marginTop: 30 }}
                      />
                    </Flex>
                  ))}
                  <Button icon={<PlusOutlined />} onClick={() => add({})}>
                    {t('form.addAddress')}
                  </Button>
                </>
              )}
            </Form.List>
          </Card>
        </>
      )}

      <Space>
        <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="customer-save">
          {t('common:button.save')}
        </Button>
        <Button onClick={() => navigate(customer ? `/customers/${customer.id}` : '/customers')}>
          {t('common:button.cancel')}
        </Button>
      </Space>
    </Form>
  );
}

/** An address inside the create form: the line is optional there (an empty row is skipped). */
function AddressLineFields({ name }: { name: number }) {
  const { t } = useTranslation('customers');
  return (
    <Flex gap={8} wrap>
      <Form.Item name={[name, 'province']} label={t('field.province')} style={{ flex: '1 1 100px' }}>
        <Input maxLength={50} />
      </Form.Item>
      <Form.Item name={[name, 'city']} label={t('field.city')} style={{ flex: '1 1 100px' }}>
        <Input maxLength={50} />
      </Form.Item>
      <Form.Item name={[name, 'district']} label={t('field.district')} style={{ flex: '1 1 100px' }}>
        <Input maxLength={50} />
      </Form.Item>
      <Form.Item name={[name, 'line']} label={t('field.line')} style={{ flex: '3 1 260px' }}>
        <Input maxLength={300} />
      </Form.Item>
    </Flex>
  );
}

/** /customers/new and /customers/:id/edit */
export function CustomerFormPage() {
  const { t } = useTranslation('customers');
  const { id } = useParams();
  const navigate = useNavigate();
  if (!id) {
    return (
      <>
        <PageHeader title={t('form.createTitle')} onBack={() => navigate('/customers')} />
        <CustomerForm customer={null} />
      </>
    );
  }
  return <EditCustomer id={id} />;
}

function EditCustomer({ id }: { id: string }) {
  const { t } = useTranslation('customers');
  const navigate = useNavigate();
  const query = useCustomer(id);
  return (
    <>
      <PageHeader
        title={t('form.editTitle')}
        subTitle={query.data ? `${query.data.name} ${query.data.code}` : undefined}
        onBack={() => navigate(`/customers/${id}`)}
      />
      <ApiErrorAlert error={query.error} ns="customers" onReload={() => void query.refetch()} retry />
      {query.isLoading ? (
        <Skeleton active />
      ) : query.data ? (
        <CustomerForm key={query.data.version} customer={query.data} />
      ) : null}
    </>
  );
}
