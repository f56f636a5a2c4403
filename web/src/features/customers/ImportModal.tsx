import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import type { UploadFile } from 'antd';
import { Alert, App, Button, Modal, Radio, Space, Table, Tooltip, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../api/client';
import { describeApiError } from '../../components/apiErrors';
import type { ImportKind, ImportReport } from './api';

const KINDS: ImportKind[] = ['customers', 'units', 'orders'];

/** The report of a rejected import comes back as the details of a 422 import_rejected. */
function reportOf(error: unknown): ImportReport | null {
  if (error instanceof ApiError && error.code === 'import_rejected' && error.details && typeof error.details === 'object') {
    return error.details as ImportReport;
  }
  return null;
}

/**
 * Bulk import (R-CUS-5): pick what to import, download the template, upload, check (dry run) to
 * see every problem by row and column, then import — all rows or nothing.
 */
export function ImportModal({ open, onClose, onImported }: { open: boolean; onClose: () => void; onImported: () => void }) {
  const { t, i18n } = useTranslation('customers');
  const { message } = App.useApp();
  // the server's row messages are Chinese (with the offending value); shown beside the translation in Chinese only
  const showServerText = i18n.language.startsWith('zh');
  const [kind, setKind] = useState<ImportKind>('customers');
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);

  const reset = () => {
    setFile(null);
    setReport(null);
  };

  const run = useMutation({
    mutationFn: ({ dryRun }: { dryRun: boolean }) => {
      const form = new FormData();
      form.append('file', file as File, (file as File).name);
      return api.upload<ImportReport>(`/customers/import?kind=${kind}&dryRun=${dryRun}`, form);
    },
    onSuccess: (result) => {
      setReport(result);
      if (result.outcome === 'imported') {
        void message.success(t('import.imported', { rows: result.totalRows }));
        reset();
        onImported();
      }
    },
    onError: (error) => {
      const rejected = reportOf(error);
      if (rejected) setReport(rejected);
      else void message.error(describeApiError(error, t, 'customers'));
    },
  });

  const fileList: UploadFile[] = file ? [{ uid: 'file', name: file.name, status: 'done' }] : [];
  const created = report?.created;

  return (
    <Modal
      open={open}
      title={t('import.title')}
      onCancel={() => {
        reset();
        onClose();
      }}
      width={760}
      destroyOnHidden
      footer={
        <Space>
          <Button onClick={onClose}>{t('common:button.close')}</Button>
          <Button disabled={!file} loading={run.isPending && run.variables?.dryRun} onClick={() => run.mutate({ dryRun: true })}>
            {t('import.check')}
          </Button>
          <Button
            type="primary"
            disabled={!file || report?.outcome !== 'validated'}
            loading={run.isPending && !run.variables?.dryRun}
            onClick={() => run.mutate({ dryRun: false })}
          >
            {t('import.confirm')}
          </Button>
        </Space>
      }
    >
      <Space direction="vertical" style={{ width: '100%' }} size="middle">
        <Space wrap>
          <Typography.Text>{t('import.kind')}:</Typography.Text>
          <Radio.Group
            optionType="button"
            value={kind}
            onChange={(e) => {
              setKind(e.target.value);
              setReport(null);
            }}
            options={KINDS.map((k) => ({ value: k, label: t(`import.kinds.${k}`) }))}
          />
          <Button icon={<DownloadOutlined />} href={api.url('/customers/import/template', { kind })} download>
            {t('import.template')}
          </Button>
        </Space>
        <Typography.Text type="secondary">
          {t('import.templateHint')} {t('import.allOrNothing')}
        </Typography.Text>
        <Upload.Dragger
          accept=".xlsx,.csv"
          maxCount={1}
          fileList={fileList}
          beforeUpload={(f) => {
            setFile(f);
            setReport(null);
            return false;
          }}
          onRemove={() => reset()}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{t('import.drop')}</p>
        </Upload.Dragger>
        {report && report.outcome === 'validated' && created && (
          <Alert
            type="success"
            showIcon
            title={t('import.validated', { rows: report.totalRows })}
            description={t('import.wouldCreate', created)}
          />
        )}
        {report && report.ignoredColumns.length > 0 && (
          <Alert type="warning" showIcon title={t('import.ignoredColumns', { columns: report.ignoredColumns.join('、') })} />
        )}
        {report && report.outcome === 'invalid' && (
          <>
            <Alert type="error" showIcon title={t('import.invalid', { count: report.errors.length })} />
            <Table
              size="small"
              rowKey={(e) => `${e.row}:${e.column}:${e.code}:${e.message}`}
              dataSource={report.errors}
              pagination={report.errors.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
              columns={[
                { title: t('import.row'), dataIndex: 'row', width: 70 },
                { title: t('import.column'), dataIndex: 'column', width: 140, render: (v: string | null) => v ?? '—' },
                {
                  title: t('import.problem'),
                  dataIndex: 'code',
                  render: (code: string, e) => (
                    <Tooltip title={e.message}>
                      <span>{t(`importError.${code}`, { defaultValue: e.message })}</span>
                      {showServerText && (
                        <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
                          {e.message.replace(/\s*\([^)]*\)\s*$/, '')}
                        </Typography.Text>
                      )}
                    </Tooltip>
                  ),
                },
              ]}
            />
          </>
        )}
      </Space>
    </Modal>
  );
}
