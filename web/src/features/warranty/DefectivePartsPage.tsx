import { useMutation, useQuery } from '@tanstack/react-query';
import type { TableColumnsType } from 'antd';
import { App, Button, DatePicker, Flex, Form, Input, Modal, Select, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { z } from 'zod';
import type { productPage } from '../../../../contracts/catalog';
import { api } from '../../api/client';
import { useCan } from '../../app/session';
import { ApiErrorAlert, useShowApiError } from '../../components/apiErrors';
import { dayjs, formatDateTime } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { LoadMore, useCursorList } from '../../components/useCursorList';
import { type DefectiveDisposition, type DefectivePartPage, type DefectivePartView, DISPOSITIONS, warrantyKeys } from './api';
import { DispositionTag } from './labels';

type ProductPage = z.infer<typeof productPage>;

function ProductFilter({ value, onChange }: { value?: string; onChange: (id: string | undefined) => void }) {
  const { t } = useTranslation('warranty');
  const [q, setQ] = useState('');
  const products = useQuery({
    queryKey: ['catalog', 'products', 'pick', q],
    queryFn: () => api.get<ProductPage>('/products', { q: q || undefined, limit: 20 }),
  });
  return (
    <Select
      allowClear
      showSearch
      filterOption={false}
      onSearch={setQ}
      placeholder={t('defective.product')}
      aria-label={t('defective.product')}
      style={{ width: 220 }}
      value={value}
      onChange={(v) => onChange(v ?? undefined)}
      options={(products.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.model} ${p.name}` }))}
    />
  );
}

function AnalysisModal({ part, onClose, onDone }: { part: DefectivePartView | null; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation('warranty');
  const [form] = Form.useForm();
  const showError = useShowApiError('warranty');
  const { message } = App.useApp();
  const run = useMutation({
    mutationFn: (values: { disposition: DefectiveDisposition; analysis: string }) =>
      api.post(`/warranty/defective-parts/${part!.id}/analysis`, { version: part!.version, ...values }),
    onSuccess: () => {
      void message.success(t('saved'));
      onDone();
      onClose();
    },
    onError: (error) => showError(error, { form, onReload: onDone }),
  });
  return (
    <Modal
      title={t('defective.analyse')}
      open={part !== null}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={run.isPending}
      destroyOnHidden
    >
      {part && (
        <Form
          form={form}
          layout="vertical"
          initialValues={{ disposition: part.disposition === 'pending' ? undefined : part.disposition, analysis: part.analysis ?? '' }}
          onFinish={(values) => run.mutate(values)}
        >
          <Typography.Paragraph type="secondary">
            {part.partName} · {part.faultDescription}
          </Typography.Paragraph>
          <Form.Item name="disposition" label={t('defective.disposition')} rules={[{ required: true, message: t('common:field.required') }]}>
            <Select options={DISPOSITIONS.filter((d) => d !== 'pending').map((d) => ({ value: d, label: t(`disposition.${d}`) }))} />
          </Form.Item>
          <Form.Item name="analysis" label={t('defective.analysis')} rules={[{ required: true, whitespace: true, message: t('common:field.required') }]}>
            <Input.TextArea rows={4} maxLength={4000} />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}

/** 三包件 (R-WAR-6): returned defective parts by product and period, analysed by quality. */
export function DefectivePartsPage() {
  const { t } = useTranslation('warranty');
  const can = useCan();
  const [params, setParams] = useSearchParams();
  const [analysing, setAnalysing] = useState<DefectivePartView | null>(null);
  const productId = params.get('productId') ?? undefined;
  const disposition = (params.get('disposition') as DefectiveDisposition | null) ?? undefined;
  const from = params.get('from') ?? undefined;
  const to = params.get('to') ?? undefined;
  const analysed = params.get('analysed') ?? undefined;
  const setParam = (entries: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(entries)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next, { replace: true });
  };
  const filters = { productId, disposition, from, to, analysed };
  const list = useCursorList<DefectivePartView>({
    queryKey: [...warrantyKeys.defectiveParts, filters],
    fetchPage: ({ cursor, limit }) => api.get<DefectivePartPage>('/warranty/defective-parts', { ...filters, cursor, limit }),
  });

  const columns: TableColumnsType<DefectivePartView> = [
    { title: t('defective.receivedAt'), dataIndex: 'receivedAt', width: 140, render: (v: string) => formatDateTime(v) },
    { title: t('defective.case'), dataIndex: 'caseNumber', width: 140, render: (v: string, r) => <Link to={`/cases/${r.caseId}`}>{v}</Link> },
    { title: t('defective.product'), dataIndex: 'productModel', width: 120, render: (v: string | null) => v ?? '—' },
    { title: t('defective.unitSerial'), dataIndex: 'unitSerialNumber', width: 130, render: (v: string | null) => v ?? '—' },
    { title: t('defective.partName'), dataIndex: 'partName', width: 120 },
    { title: t('defective.serialOrBatch'), dataIndex: 'serialOrBatch', width: 120, render: (v: string | null) => v ?? '—' },
    { title: t('defective.fault'), dataIndex: 'faultDescription', ellipsis: true },
    {
      title: t('defective.disposition'),
      dataIndex: 'disposition',
      width: 110,
      render: (v: DefectiveDisposition) => <DispositionTag disposition={v} />,
    },
    { title: t('defective.analysis'), dataIndex: 'analysis', ellipsis: true, render: (v: string | null) => v ?? '—' },
    {
      title: '',
      key: 'actions',
      width: 90,
      render: (_: unknown, r) =>
        can('warranty.quality') ? (
          <Button size="small" onClick={() => setAnalysing(r)}>
            {t('defective.analyse')}
          </Button>
        ) : null,
    },
  ];

  const range: [Dayjs, Dayjs] | null = from && to ? [dayjs(from), dayjs(to)] : null;
  return (
    <>
      <PageHeader title={t('menu.defectiveParts')} subTitle={t('defective.listHint')} />
      <Flex gap={12} wrap style={{ marginBottom: 12 }}>
        <ProductFilter value={productId} onChange={(v) => setParam({ productId: v })} />
        <DatePicker.RangePicker
          value={range}
          aria-label={t('defective.period')}
          onChange={(v) => setParam({ from: v?.[0]?.format('YYYY-MM-DD'), to: v?.[1]?.format('YYYY-MM-DD') })}
        />
        <Select
          allowClear
          placeholder={t('defective.disposition')}
          aria-label={t('defective.disposition')}
          style={{ width: 150 }}
          value={disposition}
          onChange={(v) => setParam({ disposition: v })}
          options={DISPOSITIONS.map((d) => ({ value: d, label: t(`disposition.${d}`) }))}
        />
        <Select
          allowClear
          placeholder={t('defective.analysedFilter')}
          aria-label={t('defective.analysedFilter')}
          style={{ width: 140 }}
          value={analysed}
          onChange={(v) => setParam({ analysed: v })}
          options={[
            { value: 'false', label: t('defective.notAnalysed') },
            { value: 'true', label: t('defective.analysed') },
          ]}
        />
      </Flex>
      {list.error ? <ApiErrorAlert error={list.error} /> : null}
      <Table rowKey="id" size="middle" columns={columns} scroll={{ x: 1300 }} {...list.tableProps} />
      <LoadMore list={list} />
      <AnalysisModal part={analysing} onClose={() => setAnalysing(null)} onDone={list.refetch} />
    </>
  );
}
