import { Button, Card, Checkbox, Col, Form, Input, Radio, Row, Select } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../../api/client';
import { useShowApiError } from '../../components/apiErrors';
import { PageHeader } from '../../components/PageHeader';
import { CHANNELS, SEVERITIES, URGENCIES } from '../cases/api';
import { type ComplaintView, type OpenComplaintRequest, useComplaintCategories } from './api';

/**
 * 登记投诉 (R-CMP-1, R-REQ): category and sub-category, the complainant (matched to the customer by
 * phone / e-mail by the case core, or anonymous), what happened, severity. The case opens with the
 * 24-hour acknowledge deadline; a major problem notifies management at once.
 */
export function NewComplaintPage() {
  const { t } = useTranslation('complaints');
  const tc = useTranslation('cases').t;
  const navigate = useNavigate();
  const [form] = Form.useForm<Record<string, any>>();
  const showError = useShowApiError('complaints');
  const categories = useComplaintCategories();
  const categoryId = Form.useWatch('categoryId', form);
  const anonymous = Form.useWatch('anonymous', form);
  const items = (categories.data?.items ?? []).filter((c) => !c.archived);
  const top = items.filter((c) => c.parentId === null);
  const subs = items.filter((c) => c.parentId === categoryId);
  const required = [{ required: true, message: t('common:field.required') }];
  const open = useMutation({
    mutationFn: (values: Record<string, any>) => {
      const body: OpenComplaintRequest = {
        channel: values.channel,
        categoryId: values.categoryId,
        subcategoryId: values.subcategoryId ?? null,
        anonymous: !!values.anonymous,
        writtenReplyOnly: !!values.writtenReplyOnly,
        batchNumber: values.batchNumber?.trim() || null,
        title: values.title,
        description: values.description?.trim() || null,
        severity: values.severity,
        urgency: values.urgency,
        ...(values.anonymous
          ? {}
          : {
              contactName: values.contactName?.trim() || null,
              contactPhone: values.contactPhone?.trim() || null,
              contactEmail: values.contactEmail?.trim() || null,
              serialNumber: values.serialNumber?.trim() || undefined,
            }),
      };
      return api.post<ComplaintView>('/complaints', body);
    },
    onSuccess: (view) => navigate(`/cases/${view.case.id}`),
    onError: (error) => showError(error, { form }),
  });
  return (
    <>
      <PageHeader title={t('menu.newComplaint')} subTitle={t('new.hint')} onBack={() => navigate('/complaints')} />
      <Card>
        <Form
          form={form}
          layout="vertical"
          initialValues={{ channel: 'phone', severity: 'general', urgency: 'medium' }}
          onFinish={(values) => open.mutate(values)}
          style={{ maxWidth: 900 }}
        >
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Form.Item name="categoryId" label={t('new.category')} rules={required}>
                <Select
                  data-testid="complaint-category"
                  loading={categories.isLoading}
                  onChange={() => form.setFieldValue('subcategoryId', undefined)}
                  options={top.map((c) => ({ value: c.id, label: c.nameZh }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="subcategoryId" label={t('new.subcategory')}>
                <Select data-testid="complaint-subcategory" allowClear disabled={!subs.length} options={subs.map((c) => ({ value: c.id, label: c.nameZh }))} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="channel" label={tc('field.channel')}>
                <Select options={CHANNELS.map((c) => ({ value: c, label: tc(`channel.${c}`) }))} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="anonymous" valuePropName="checked" style={{ marginBottom: 8 }}>
            <Checkbox>{t('new.anonymous')}</Checkbox>
          </Form.Item>
          {anonymous ? null : (
            <Row gutter={16}>
              <Col xs={24} md={6}>
                <Form.Item name="contactName" label={t('new.contactName')}>
                  <Input maxLength={100} />
                </Form.Item>
              </Col>
              <Col xs={24} md={6}>
                <Form.Item name="contactPhone" label={t('new.contactPhone')}>
                  <Input maxLength={30} data-testid="complaint-phone" />
                </Form.Item>
              </Col>
              <Col xs={24} md={6}>
                <Form.Item name="contactEmail" label={t('new.contactEmail')}>
                  <Input maxLength={200} />
                </Form.Item>
              </Col>
              <Col xs={24} md={6}>
                <Form.Item name="serialNumber" label={t('new.serialNumber')}>
                  <Input maxLength={100} />
                </Form.Item>
              </Col>
            </Row>
          )}
          <Form.Item name="title" label={t('new.title')} rules={[{ required: true, whitespace: true, message: t('common:field.required') }]}>
            <Input maxLength={200} data-testid="complaint-title" />
          </Form.Item>
          <Form.Item name="description" label={t('new.description')}>
            <Input.TextArea rows={4} maxLength={8000} />
          </Form.Item>
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Form.Item name="severity" label={tc('field.severity')} extra={t('new.severityHint')}>
                <Radio.Group options={SEVERITIES.map((s) => ({ value: s, label: tc(`severity.${s}`) }))} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="urgency" label={tc('field.urgency')}>
                <Radio.Group options={URGENCIES.map((s) => ({ value: s, label: tc(`urgency.${s}`) }))} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="batchNumber" label={t('new.batchNumber')}>
                <Input maxLength={100} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="writtenReplyOnly" valuePropName="checked">
            <Checkbox>{t('new.writtenReplyOnly')}</Checkbox>
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={open.isPending}>
            {t('new.submit')}
          </Button>
        </Form>
      </Card>
    </>
  );
}
