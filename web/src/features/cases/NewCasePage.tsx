import { PaperClipOutlined, SearchOutlined, UserAddOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  AutoComplete,
  Button,
  Card,
  Col,
  DatePicker,
  Empty,
  Flex,
  Form,
  Input,
  type InputRef,
  Radio,
  Result,
  Row,
  Select,
  Skeleton,
  Space,
  Switch,
  Tag,
  Typography,
  Upload,
  type UploadFile,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api } from '../../api/client';
import { useShowApiError } from '../../components/apiErrors';
import { formatDate } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import {
  type CaseDetail,
  CHANNELS,
  type CustomerDetail,
  caseKeys,
  type LookupItem,
  type OpenCaseRequest,
  type OpenCaseResponse,
  SEVERITIES,
  URGENCIES,
  useCaseTypes,
  useCustomerDetail,
  useCustomerLookup,
} from './api';
import { uploadCaseAttachments } from './attachments';
import { DuplicateCandidates } from './Duplicates';
import { UnitEntitlementView } from './entitlement';
import { WarrantyTag } from './labels';
import { useDebounced } from './useDebounced';

const NEW_CALLER = '__new_caller__';
const NO_UNIT = '';

/** What was picked in the search box: a customer (with the contact / unit that matched) or a new caller. */
type Caller =
  | {
      kind: 'customer';
      customerId: string;
      contactId: string | null;
      unitId: string | null;
      item: LookupItem;
    }
  | { kind: 'new'; typed: string };

interface FormValues {
  type: string;
  channel: OpenCaseRequest['channel'];
  severity: NonNullable<OpenCaseRequest['severity']>;
  urgency: NonNullable<OpenCaseRequest['urgency']>;
  onSiteRequired: boolean;
  title: string;
  description?: string;
  faultStartedOn?: Dayjs | null;
  usageEnvironment?: string;
  contactId?: string;
  unitId?: string;
  newCustomer?: {
    name?: string;
    kind?: 'person' | 'company';
    address?: { line?: string };
  };
  contactPhone?: string;
}

const blank = (v: string | undefined | null) => {
  const s = v?.trim();
  return s ? s : undefined;
};

/** Digits typed into the search box that look like (part of) a phone number: prefill the new caller's phone. */
function phoneLike(text: string): string | undefined {
  const t = text.trim();
  return /^\+?[\d\s\-()]{6,}$/.test(t) ? t : undefined;
}

/** The request body of POST /cases from the form and the caller. Exported for tests. */
export function openCaseBody(values: FormValues, caller: Caller): OpenCaseRequest {
  const body: OpenCaseRequest = {
    type: values.type,
    channel: values.channel,
    severity: values.severity,
    urgency: values.urgency,
    onSiteRequired: !!values.onSiteRequired,
    title: values.title.trim(),
    description: blank(values.description),
    faultStartedOn: values.faultStartedOn ? values.faultStartedOn.format('YYYY-MM-DD') : undefined,
    usageEnvironment: blank(values.usageEnvironment),
  };
  if (caller.kind === 'customer') {
    body.customerId = caller.customerId;
    if (values.contactId) body.contactId = values.contactId;
    if (values.unitId) body.unitId = values.unitId;
  } else {
    const line = blank(values.newCustomer?.address?.line);
    body.newCustomer = {
      name: (values.newCustomer?.name ?? '').trim(),
      kind: values.newCustomer?.kind ?? 'person',
      ...(line ? { address: { line } } : {}),
    };
    const phone = blank(values.contactPhone);
    if (phone) body.contactPhone = phone;
  }
  for (const key of Object.keys(body) as (keyof OpenCaseRequest)[]) if (body[key] === undefined) delete body[key];
  return body;
}

/** One suggestion of the search box: who, what matched (电话 138…), the contact and the unit. */
function LookupOption({ item }: { item: LookupItem }) {
  const { t } = useTranslation('cases');
  return (
    <Flex justify="space-between" gap={8} align="center" data-testid="lookup-option">
      <span style={{ minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis' }}>
        <Typography.Text strong>{item.customer.name}</Typography.Text>{' '}
        {item.customer.vip && <Tag color="gold">{t('customerCard.vip')}</Tag>}
        {item.customer.keyAccount && <Tag color="blue">{t('customerCard.keyAccount')}</Tag>}
        {item.contact && <Typography.Text type="secondary">{item.contact.name}</Typography.Text>}
        {item.unit && <Typography.Text type="secondary"> · {item.unit.productModel}</Typography.Text>}
      </span>
      <Space size={4}>
        <Tag>{t(`lookup.matchedBy.${item.matchedBy}`)}</Tag>
        <Typography.Text type="secondary">{item.matchedValue}</Typography.Text>
      </Space>
    </Flex>
  );
}

/** Customer card: class and flags, contacts (pick the caller), address, units with 在保/过保 and why. */
function CustomerCard({ customer, onSearchAgain }: { customer: CustomerDetail; onSearchAgain: () => void }) {
  const { t } = useTranslation('cases');
  const address = customer.addresses.find((a) => a.isDefault && !a.archived) ?? customer.addresses.find((a) => !a.archived);
  const contacts = customer.contacts.filter((c) => !c.archived);
  const unitId = Form.useWatch('unitId', Form.useFormInstance());
  const chosenUnit = customer.units.find((u) => u.id === unitId);
  return (
    <Card
      size="small"
      title={
        <Space wrap size={4}>
          <span data-testid="picked-customer">{customer.name}</span>
          <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
            {customer.code}
          </Typography.Text>
        </Space>
      }
      extra={
        <Space size={4}>
          <Link to={`/customers/${customer.id}`} target="_blank">
            {t('customerCard.openCustomer')}
          </Link>
          <Button size="small" icon={<SearchOutlined />} onClick={onSearchAgain}>
            {t('lookup.change')}
          </Button>
        </Space>
      }
    >
      <Space wrap size={4} style={{ marginBottom: 8 }}>
        <Tag>{t('customerCard.class', { class: customer.class })}</Tag>
        {customer.vip && <Tag color="gold">{t('customerCard.vip')}</Tag>}
        {customer.veryLargeAccount && <Tag color="volcano">{t('customerCard.veryLargeAccount')}</Tag>}
        {customer.keyAccount && <Tag color="blue">{t('customerCard.keyAccount')}</Tag>}
        {customer.regionName && <Tag>{customer.regionName}</Tag>}
      </Space>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {t('field.address')}：
        {address
          ? [address.province, address.city, address.district, address.line].filter(Boolean).join(' ')
          : t('customerCard.noAddress')}
      </Typography.Paragraph>
      <Form.Item name="contactId" label={t('customerCard.contacts')} style={{ marginBottom: 8 }}>
        {contacts.length ? (
          <Radio.Group>
            <Flex vertical gap={4}>
              {contacts.map((c) => (
                <Radio key={c.id} value={c.id}>
                  {c.name} {c.phone && <Typography.Text type="secondary">{c.phone}</Typography.Text>}
                </Radio>
              ))}
            </Flex>
          </Radio.Group>
        ) : (
          <Typography.Text type="secondary">{t('customerCard.noContacts')}</Typography.Text>
        )}
      </Form.Item>
      <Form.Item name="unitId" label={t('customerCard.units')} style={{ marginBottom: 0 }}>
        <Radio.Group style={{ width: '100%' }}>
          <Flex vertical gap={4} data-testid="unit-choices">
            {customer.units.map((u) => (
              <Radio key={u.id} value={u.id}>
                <Space wrap size={4}>
                  <Typography.Text code>{u.serialNumber}</Typography.Text>
                  <span>
                    {u.product.model} {u.product.name}
                  </span>
                  <WarrantyTag
                    inWarranty={u.warranty.inWarranty}
                    end={u.warranty.end}
                    reason={t(`warranty.reason.${u.warranty.reason}`, {
                      months: u.warranty.defaultMonths,
                      reason: u.warranty.overrideReason ?? '',
                    })}
                  />
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {u.warranty.end
                      ? t('warranty.until', {
                          date: formatDate(u.warranty.end),
                        })
                      : ''}
                    {u.warranty.end ? '；' : ''}
                    {t(`warranty.reason.${u.warranty.reason}`, {
                      months: u.warranty.defaultMonths,
                      reason: u.warranty.overrideReason ?? '',
                    })}
                  </Typography.Text>
                </Space>
              </Radio>
            ))}
            {customer.units.length === 0 && <Typography.Text type="secondary">{t('customerCard.noUnits')}</Typography.Text>}
            <Radio value={NO_UNIT}>{t('customerCard.noUnit')}</Radio>
          </Flex>
        </Radio.Group>
      </Form.Item>
      {chosenUnit && (
        <Flex vertical gap={4} style={{ marginTop: 8 }}>
          <Typography.Text type="secondary">{t('entitlement.title')}</Typography.Text>
          <UnitEntitlementView
            unitId={chosenUnit.id}
            fallback={{
              inWarranty: chosenUnit.warranty.inWarranty,
              end: chosenUnit.warranty.end,
            }}
          />
        </Flex>
      )}
    </Card>
  );
}

/** The caller as a new customer, created with the case in one request. */
function NewCallerFields({ onSearchAgain }: { onSearchAgain: () => void }) {
  const { t } = useTranslation('cases');
  return (
    <Card
      size="small"
      title={
        <Space>
          <UserAddOutlined />
          {t('newCaller.title')}
        </Space>
      }
      extra={
        <Button size="small" icon={<SearchOutlined />} onClick={onSearchAgain}>
          {t('lookup.change')}
        </Button>
      }
      data-testid="new-caller"
    >
      <Form.Item name={['newCustomer', 'kind']} label={t('newCaller.kind')} style={{ marginBottom: 8 }}>
        <Radio.Group
          optionType="button"
          options={[
            { value: 'person', label: t('newCaller.person') },
            { value: 'company', label: t('newCaller.company') },
          ]}
        />
      </Form.Item>
      <Form.Item
        name={['newCustomer', 'name']}
        label={t('newCaller.name')}
        rules={[
          {
            required: true,
            whitespace: true,
            message: t('common:field.required'),
          },
        ]}
      >
        <Input autoFocus maxLength={200} data-testid="new-caller-name" />
      </Form.Item>
      <Form.Item name="contactPhone" label={t('newCaller.phone')}>
        <Input maxLength={40} data-testid="new-caller-phone" />
      </Form.Item>
      <Form.Item name={['newCustomer', 'address', 'line']} label={t('newCaller.address')} style={{ marginBottom: 0 }}>
        <Input maxLength={300} placeholder={t('newCaller.addressPlaceholder')} />
      </Form.Item>
    </Card>
  );
}

/** After the case is opened: the number, how the customer was matched, duplicate candidates. */
function CreatedPanel({ opened, onAnother }: { opened: OpenCaseResponse; onAnother: () => void }) {
  const { t } = useTranslation('cases');
  const navigate = useNavigate();
  const [current, setCurrent] = useState<CaseDetail>(opened.case);
  return (
    <Card>
      <Result
        status="success"
        title={t('created.title')}
        subTitle={
          <Flex vertical align="center" gap={4}>
            <Typography.Text type="secondary">{t('created.tellCustomer')}</Typography.Text>
            <Typography.Title level={2} copyable style={{ margin: 0 }} data-testid="created-number">
              {opened.case.number}
            </Typography.Title>
            <Typography.Text type="secondary">
              {t(`created.match.${opened.match.customer}`)}
              {opened.case.customer ? ` · ${opened.case.customer.name}` : ''}
            </Typography.Text>
          </Flex>
        }
        extra={[
          <Button
            key="open"
            type="primary"
            size="large"
            autoFocus
            onClick={() => navigate(`/cases/${current.id}`)}
            data-testid="open-created-case"
          >
            {t('created.open')}
          </Button>,
          <Button key="another" size="large" onClick={onAnother}>
            {t('created.another')}
          </Button>,
        ]}
      />
      {opened.match.ambiguous.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('created.ambiguous', {
            names: opened.match.ambiguous.map((a) => a.name).join('、'),
          })}
        />
      )}
      {opened.duplicates.length > 0 && (
        <Card size="small" type="inner" title={t('created.duplicatesTitle')} data-testid="created-duplicates">
          <Typography.Paragraph type="secondary">{t('created.duplicatesHint')}</Typography.Paragraph>
          <DuplicateCandidates
            source={current}
            candidates={opened.duplicates}
            linkedIds={current.links.map((l) => l.caseId)}
            onChanged={setCurrent}
            onMerged={(target) => navigate(`/cases/${target.id}`)}
          />
        </Card>
      )}
    </Card>
  );
}

/**
 * 新建工单 — a case from a live phone call, keyboard first: the search box has the focus; type a
 * phone number (or its last four digits), a name, pinyin initials or a serial number; ↑↓ and Enter
 * pick the customer (or 新客户); Alt+1…9 picks the type; Ctrl+Enter opens the case.
 */
export function NewCasePage() {
  const { t } = useTranslation('cases');
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const showError = useShowApiError('cases');
  const [form] = Form.useForm<FormValues>();
  const searchRef = useRef<InputRef>(null);
  const titleRef = useRef<InputRef>(null);
  const [text, setText] = useState('');
  const q = useDebounced(text, 150);
  const lookup = useCustomerLookup(q);
  const [caller, setCaller] = useState<Caller | null>(null);
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [opened, setOpened] = useState<OpenCaseResponse | null>(null);
  const types = useCaseTypes();
  const enabledTypes = useMemo(
    () => (types.data?.items ?? []).filter((ty) => ty.enabled).sort((a, b) => a.sortOrder - b.sortOrder),
    [types.data],
  );
  const customerId = caller?.kind === 'customer' ? caller.customerId : undefined;
  const customer = useCustomerDetail(customerId);
  const { i18n } = useTranslation();
  const english = i18n.language === 'en';

  // once the customer's file is loaded: the matched contact (else the primary one) and the matched unit (else the only one)
  useEffect(() => {
    if (caller?.kind !== 'customer' || !customer.data || customer.data.id !== caller.customerId) return;
    const c = customer.data;
    const contacts = c.contacts.filter((x) => !x.archived);
    const contactId = caller.contactId ?? contacts.find((x) => x.isPrimary)?.id ?? contacts[0]?.id;
    const unitId = caller.unitId ?? (c.units.length === 1 ? c.units[0].id : NO_UNIT);
    form.setFieldsValue({ contactId, unitId });
  }, [caller, customer.data, form]);

  const searchAgain = () => {
    setCaller(null);
    setText('');
    setTimeout(() => searchRef.current?.focus(), 0);
  };

  const pick = (value: string, item?: LookupItem) => {
    if (value === NEW_CALLER || !item) {
      const typed = text;
      setCaller({ kind: 'new', typed });
      form.setFieldsValue({
        newCustomer: { kind: 'person', name: '' },
        contactPhone: phoneLike(typed) ?? '',
      });
    } else {
      setCaller({
        kind: 'customer',
        customerId: item.customer.id,
        contactId: item.contact?.id ?? null,
        unitId: item.unit?.id ?? null,
        item,
      });
      setTimeout(() => titleRef.current?.focus(), 0);
    }
    setText('');
  };

  const open = useMutation({
    mutationFn: (body: OpenCaseRequest) => api.post<OpenCaseResponse>('/cases', body),
    onSuccess: async (result) => {
      void queryClient.invalidateQueries({ queryKey: caseKeys.all });
      const toUpload = files.map((f) => f.originFileObj).filter((f): f is NonNullable<typeof f> => !!f);
      if (toUpload.length) {
        const outcome = await uploadCaseAttachments(result.case.id, toUpload);
        if (outcome.unavailable) void message.warning(t('form.attachmentsSkipped'));
        else if (outcome.failed) void message.error(t('form.attachmentsFailed', { count: outcome.failed }));
        else void message.success(t('form.attachmentsUploaded', { count: outcome.uploaded }));
      }
      setOpened(result);
    },
    onError: (error) => showError(error, { form }),
  });

  const submit = (values: FormValues) => {
    if (!caller) {
      void message.warning(t('form.customerRequired'));
      searchRef.current?.focus();
      return;
    }
    open.mutate(openCaseBody(values, caller));
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      form.submit();
      return;
    }
    if (e.altKey && /^[1-9]$/.test(e.key)) {
      const type = enabledTypes[Number(e.key) - 1];
      if (type) {
        e.preventDefault();
        form.setFieldValue('type', type.code);
      }
    }
  };

  const reset = () => {
    setOpened(null);
    setCaller(null);
    setFiles([]);
    setText('');
    form.resetFields();
    setTimeout(() => searchRef.current?.focus(), 0);
  };

  if (opened) {
    return (
      <>
        <PageHeader title={t('form.title')} />
        <CreatedPanel opened={opened} onAnother={reset} />
      </>
    );
  }

  const items = text.trim() ? (lookup.data?.items ?? []) : [];
  // while the answer for what was typed is still coming, Enter must not pick 新客户 by accident
  const settled = !text.trim() || (q.trim() === text.trim() && !lookup.isFetching);
  const options: {
    value: string;
    label: React.ReactNode;
    item?: LookupItem;
  }[] = [
    ...items.map((item) => ({
      value: `${item.customer.id}:${item.contact?.id ?? ''}:${item.unit?.id ?? ''}`,
      label: <LookupOption item={item} />,
      item,
    })),
  ];
  if (settled)
    options.push({
      value: NEW_CALLER,
      label: (
        <Space data-testid="lookup-new-caller">
          <UserAddOutlined />
          {text.trim() ? t('lookup.newCallerWithText', { text: text.trim() }) : t('lookup.newCaller')}
        </Space>
      ),
    });

  return (
    <div onKeyDown={onKeyDown}>
      <PageHeader title={t('form.title')} subTitle={t('form.subtitle')} />
      <Form<FormValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{
          type: 'repair',
          channel: 'phone',
          severity: 'general',
          urgency: 'medium',
          onSiteRequired: false,
        }}
        requiredMark="optional"
      >
        <Row gutter={16}>
          <Col xs={24} lg={10}>
            <Card size="small" title={t('lookup.label')} style={{ marginBottom: 16 }}>
              {!caller && (
                <>
                  <AutoComplete
                    style={{ width: '100%' }}
                    value={text}
                    onChange={setText}
                    defaultActiveFirstOption
                    options={options}
                    onSelect={(value, option) => pick(String(value), (option as { item?: LookupItem }).item)}
                    notFoundContent={null}
                  >
                    <Input
                      ref={searchRef}
                      size="large"
                      allowClear
                      autoFocus
                      prefix={<SearchOutlined />}
                      placeholder={t('lookup.placeholder')}
                      aria-label={t('lookup.label')}
                      data-testid="case-customer-lookup"
                    />
                  </AutoComplete>
                  <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8, fontSize: 12 }}>
                    {text.trim() && lookup.isFetched && !lookup.isFetching && items.length === 0 ? `${t('lookup.empty')} · ` : ''}
                    {t('lookup.hint')}
                  </Typography.Text>
                </>
              )}
              {caller?.kind === 'customer' &&
                (customer.data ? (
                  <CustomerCard customer={customer.data} onSearchAgain={searchAgain} />
                ) : customer.isError ? (
                  <Alert type="error" showIcon title={t('common:error.not_found')} />
                ) : (
                  <Skeleton active />
                ))}
              {caller?.kind === 'new' && <NewCallerFields onSearchAgain={searchAgain} />}
              {!caller && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('form.customerRequired')} />}
            </Card>
          </Col>
          <Col xs={24} lg={14}>
            <Card
              size="small"
              title={t('form.caseSection')}
              extra={<Typography.Text type="secondary">{t('form.typeShortcut')}</Typography.Text>}
            >
              <Form.Item name="type" label={t('field.type')} rules={[{ required: true }]}>
                <Radio.Group optionType="button" buttonStyle="solid" data-testid="case-type">
                  {enabledTypes.map((ty, index) => (
                    <Radio.Button key={ty.code} value={ty.code}>
                      {index < 9 && (
                        <Typography.Text type="secondary" style={{ fontSize: 11, marginInlineEnd: 4 }}>
                          {index + 1}
                        </Typography.Text>
                      )}
                      {english ? ty.nameEn : ty.nameZh}
                    </Radio.Button>
                  ))}
                </Radio.Group>
              </Form.Item>
              <Row gutter={12}>
                <Col xs={24} md={8}>
                  <Form.Item name="channel" label={t('field.channel')}>
                    <Select
                      options={CHANNELS.map((c) => ({
                        value: c,
                        label: t(`channel.${c}`),
                      }))}
                    />
                  </Form.Item>
                </Col>
                <Col xs={12} md={8}>
                  <Form.Item name="severity" label={t('field.severity')}>
                    <Radio.Group
                      optionType="button"
                      options={SEVERITIES.map((s) => ({
                        value: s,
                        label: t(`severity.${s}`),
                      }))}
                    />
                  </Form.Item>
                </Col>
                <Col xs={12} md={8}>
                  <Form.Item name="urgency" label={t('field.urgency')}>
                    <Radio.Group
                      optionType="button"
                      options={URGENCIES.map((u) => ({
                        value: u,
                        label: t(`urgency.${u}`),
                      }))}
                    />
                  </Form.Item>
                </Col>
              </Row>
              <Form.Item
                name="title"
                label={t('field.title')}
                rules={[
                  {
                    required: true,
                    whitespace: true,
                    message: t('common:field.required'),
                  },
                ]}
              >
                <Input ref={titleRef} maxLength={200} placeholder={t('form.titlePlaceholder')} data-testid="case-title" />
              </Form.Item>
              <Form.Item name="description" label={t('field.description')}>
                <Input.TextArea
                  rows={3}
                  maxLength={8000}
                  placeholder={t('form.descriptionPlaceholder')}
                  data-testid="case-description"
                />
              </Form.Item>
              <Row gutter={12}>
                <Col xs={24} md={8}>
                  <Form.Item name="faultStartedOn" label={t('field.faultStartedOn')}>
                    <DatePicker style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
                <Col xs={24} md={10}>
                  <Form.Item name="usageEnvironment" label={t('field.usageEnvironment')}>
                    <Input maxLength={1000} placeholder={t('form.usagePlaceholder')} />
                  </Form.Item>
                </Col>
                <Col xs={24} md={6}>
                  <Form.Item name="onSiteRequired" label={t('field.onSite')} valuePropName="checked">
                    <Switch />
                  </Form.Item>
                </Col>
              </Row>
              <Form.Item label={t('field.attachments')} extra={t('form.uploadHint')}>
                <Upload multiple fileList={files} beforeUpload={() => false} onChange={({ fileList }) => setFiles(fileList)}>
                  <Button icon={<PaperClipOutlined />}>{t('form.selectFile')}</Button>
                </Upload>
              </Form.Item>
              <Flex gap={12} align="center">
                <Button type="primary" htmlType="submit" size="large" loading={open.isPending} data-testid="case-submit">
                  {t('form.submit')}
                </Button>
                <Typography.Text type="secondary">{t('form.submitHint')}</Typography.Text>
              </Flex>
            </Card>
          </Col>
        </Row>
      </Form>
    </div>
  );
}
