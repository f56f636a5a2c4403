import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Descriptions, Flex, Form, Input, InputNumber, Select, Space, Switch, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { ApiErrorAlert, useShowApiError } from '../../components/apiErrors';
import { PageHeader } from '../../components/PageHeader';
import {
  type AttachmentSettings,
  type CaseType,
  type MailSettings,
  type NotificationSettings,
  notificationKeys,
  type UpdateMailSettingsRequest,
  type UpdateNotificationSettingsRequest,
} from './api';

const MB = 1024 * 1024;
const MAILBOX = /^[a-z0-9._+-]+(@[a-z0-9.-]+)?$/i;
const ADDRESS_OR_DOMAIN = /^([^\s@]+@[^\s@]+\.[^\s@]+|@[^\s@]+\.[^\s@]+)$/;

function SignatureCard() {
  const { t } = useTranslation('notifications');
  const { message } = App.useApp();
  const showError = useShowApiError('notifications');
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Omit<UpdateNotificationSettingsRequest, 'version'>>();
  const settings = useQuery({ queryKey: notificationKeys.settings, queryFn: () => api.get<NotificationSettings>('/settings/notifications') });
  const save = useMutation({
    mutationFn: (values: Omit<UpdateNotificationSettingsRequest, 'version'>) =>
      api.put<NotificationSettings>('/settings/notifications', { ...values, version: settings.data!.version }),
    onSuccess: (saved) => {
      queryClient.setQueryData(notificationKeys.settings, saved);
      void message.success(t('settings.saved'));
    },
    onError: (error) => showError(error, { form, onReload: () => void settings.refetch() }),
  });
  return (
    <Card title={t('settings.notifications')} loading={settings.isLoading}>
      <ApiErrorAlert error={settings.error} ns="notifications" onReload={settings.refetch} />
      {settings.data && (
        <Form form={form} layout="vertical" initialValues={settings.data} onFinish={(v) => save.mutate(v)} key={settings.data.version}>
          <Form.Item name="companyName" label={t('settings.companyName')} extra={t('settings.companyNameHelp')} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={60} />
          </Form.Item>
          <Form.Item name="signature" label={t('settings.signature')} extra={t('settings.signatureHelp')}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={500} />
          </Form.Item>
          <Form.Item name="hotline" label={t('settings.hotline')}>
            <Input maxLength={40} placeholder="400-800-1234" style={{ maxWidth: 240 }} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            {t('common:button.save')}
          </Button>
        </Form>
      )}
    </Card>
  );
}

type MailValues = Omit<UpdateMailSettingsRequest, 'version'>;

function MailCard() {
  const { t, i18n } = useTranslation('notifications');
  const { message } = App.useApp();
  const showError = useShowApiError('notifications');
  const queryClient = useQueryClient();
  const [form] = Form.useForm<MailValues>();
  const settings = useQuery({ queryKey: notificationKeys.mailSettings, queryFn: () => api.get<MailSettings>('/settings/mail') });
  const caseTypes = useQuery({ queryKey: notificationKeys.caseTypes, queryFn: () => api.get<{ items: CaseType[] }>('/case-types'), staleTime: 60_000 });
  const typeOptions = (caseTypes.data?.items ?? [])
    .filter((c) => c.enabled)
    .map((c) => ({ value: c.code, label: i18n.language === 'en' ? c.nameEn : c.nameZh }));
  const save = useMutation({
    mutationFn: (values: MailValues) => api.put<MailSettings>('/settings/mail', { ...values, version: settings.data!.version }),
    onSuccess: (saved) => {
      queryClient.setQueryData(notificationKeys.mailSettings, saved);
      void message.success(t('settings.saved'));
    },
    onError: (error) => showError(error, { form, onReload: () => void settings.refetch() }),
  });
  const data = settings.data;
  return (
    <Card title={t('settings.mail')} loading={settings.isLoading}>
      <ApiErrorAlert error={settings.error} ns="notifications" onReload={settings.refetch} />
      {data && (
        <>
          <Descriptions column={1} size="small" style={{ marginBottom: 16 }}>
            <Descriptions.Item label={t('settings.listener')}>
              {data.listener.enabled ? (
                <Tag color="success">{t('settings.listenerOn', { address: data.listener.address })}</Tag>
              ) : (
                <Tag>{t('settings.listenerOff')}</Tag>
              )}
            </Descriptions.Item>
            {data.listener.enabled && (
              <Descriptions.Item label={t('settings.acceptedRecipients')}>{data.listener.recipients.join('，')}</Descriptions.Item>
            )}
          </Descriptions>
          <Form<MailValues>
            form={form}
            layout="vertical"
            key={data.version}
            initialValues={{ mailboxTypes: data.mailboxTypes, defaultCaseType: data.defaultCaseType, blockedSenders: data.blockedSenders, autoReply: data.autoReply }}
            onFinish={(v) => save.mutate({ ...v, mailboxTypes: v.mailboxTypes ?? [], blockedSenders: v.blockedSenders ?? [] })}
          >
            <Form.List name="mailboxTypes">
              {(fields, { add, remove }) => (
                <Form.Item label={t('settings.mailboxTypes')} extra={t('settings.mailboxTypesHelp')}>
                  {fields.map((field) => (
                    <Space key={field.key} align="baseline" wrap>
                      <Form.Item
                        name={[field.name, 'mailbox']}
                        rules={[
                          { required: true, whitespace: true, message: t('settings.mailboxRequired') },
                          { pattern: MAILBOX, message: t('settings.mailboxInvalid') },
                        ]}
                      >
                        <Input aria-label={t('settings.mailbox')} placeholder="baoxiu" style={{ width: 220 }} />
                      </Form.Item>
                      <span>→</span>
                      <Form.Item name={[field.name, 'caseType']} rules={[{ required: true }]}>
                        <Select aria-label={t('settings.caseType')} options={typeOptions} style={{ width: 160 }} loading={caseTypes.isLoading} />
                      </Form.Item>
                      <Button type="text" icon={<MinusCircleOutlined />} aria-label={t('common:button.remove')} onClick={() => remove(field.name)} />
                    </Space>
                  ))}
                  <div>
                    <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ mailbox: '', caseType: 'repair' })}>
                      {t('settings.addMailbox')}
                    </Button>
                  </div>
                </Form.Item>
              )}
            </Form.List>
            <Form.Item name="defaultCaseType" label={t('settings.defaultCaseType')} rules={[{ required: true }]}>
              <Select options={typeOptions} style={{ width: 200 }} loading={caseTypes.isLoading} />
            </Form.Item>
            <Form.Item
              name="blockedSenders"
              label={t('settings.blockedSenders')}
              extra={t('settings.blockedSendersHelp')}
              rules={[
                {
                  validator: async (_, value: string[] | undefined) => {
                    if ((value ?? []).some((v) => !ADDRESS_OR_DOMAIN.test(v))) throw new Error(t('settings.senderInvalid'));
                  },
                },
              ]}
            >
              <Select mode="tags" tokenSeparators={[',', '，', ' ']} open={false} suffixIcon={null} placeholder="spam@example.com, @example.net" />
            </Form.Item>
            <Form.Item name="autoReply" label={t('settings.autoReply')} extra={t('settings.autoReplyHelp')} valuePropName="checked">
              <Switch />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={save.isPending}>
              {t('common:button.save')}
            </Button>
          </Form>
        </>
      )}
    </Card>
  );
}

function AttachmentCard() {
  const { t } = useTranslation('notifications');
  const { message } = App.useApp();
  const showError = useShowApiError('notifications');
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ maxMb: number }>();
  const settings = useQuery({ queryKey: notificationKeys.attachmentSettings, queryFn: () => api.get<AttachmentSettings>('/settings/attachments') });
  const save = useMutation({
    mutationFn: ({ maxMb }: { maxMb: number }) =>
      api.put<AttachmentSettings>('/settings/attachments', { version: settings.data!.version, maxBytes: Math.round(maxMb * MB) }),
    onSuccess: (saved) => {
      queryClient.setQueryData(notificationKeys.attachmentSettings, saved);
      void message.success(t('settings.saved'));
    },
    onError: (error) => showError(error, { onReload: () => void settings.refetch() }),
  });
  return (
    <Card title={t('settings.attachments')} loading={settings.isLoading}>
      <ApiErrorAlert error={settings.error} ns="notifications" onReload={settings.refetch} />
      {settings.data && (
        <Form form={form} layout="inline" key={settings.data.version} initialValues={{ maxMb: Math.round((settings.data.maxBytes / MB) * 10) / 10 }} onFinish={(v) => save.mutate(v)}>
          <Form.Item name="maxMb" label={t('settings.maxSize')} rules={[{ required: true }]}>
            <InputNumber min={0.1} max={100} step={1} precision={1} style={{ width: 120 }} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            {t('common:button.save')}
          </Button>
        </Form>
      )}
      <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
        {t('settings.maxSizeHelp')}
      </Typography.Paragraph>
    </Card>
  );
}

/** 通知与邮件设置: signature and hotline, e-mail intake (mailboxes → case types, blocked senders), attachment size. */
export function SettingsPage() {
  const { t } = useTranslation('notifications');
  return (
    <>
      <PageHeader title={t('settings.title')} subTitle={t('settings.subTitle')} />
      <Flex vertical gap={16} style={{ maxWidth: 880 }}>
        <SignatureCard />
        <MailCard />
        <AttachmentCard />
      </Flex>
    </>
  );
}
