import { UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Checkbox, Form, InputNumber, Modal, Radio, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportProblemDto } from '../../../../contracts/calendar';
import { isApiError, useApiErrorMessage, useShowApiError } from '../../components/apiErrors';
import { type ImportRequest, useImportCalendar } from './api';

interface ImportValues {
  format: ImportRequest['format'];
  year?: number | null;
  replaceYear?: boolean;
}

type Problem = ImportProblemDto;

function problemsOf(error: unknown): { problems: Problem[]; total: number } | null {
  if (!isApiError(error, 'import_invalid')) return null;
  const details = error.details as { errors?: Problem[]; total?: number } | undefined;
  const problems = Array.isArray(details?.errors) ? details.errors : [];
  return { problems, total: details?.total ?? problems.length };
}

/** 导入节假日: pick a .json or .ics file; its text is sent; every problem of a refused file is listed. */
export function ImportModal({ open, onClose, defaultYear }: { open: boolean; onClose: () => void; defaultYear?: number }) {
  const { t } = useTranslation('calendar');
  const { message } = App.useApp();
  const showError = useShowApiError('calendar');
  const describe = useApiErrorMessage('calendar');
  const [form] = Form.useForm<ImportValues>();
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [fileError, setFileError] = useState(false);
  const importCalendar = useImportCalendar();
  const year = Form.useWatch('year', form);
  const refused = problemsOf(importCalendar.error);

  const close = () => {
    importCalendar.reset();
    setFile(null);
    setFileError(false);
    form.resetFields();
    onClose();
  };

  const submit = (values: ImportValues) => {
    if (!file) {
      setFileError(true);
      return;
    }
    importCalendar.mutate(
      {
        format: values.format,
        content: file.text,
        ...(values.year ? { year: values.year } : {}),
        ...(values.year && values.replaceYear ? { replaceYear: true } : {}),
      },
      {
        onSuccess: (result) => {
          void message.success(t('import.done', result));
          close();
        },
        onError: (error) => {
          if (!problemsOf(error)) showError(error, { form });
        },
      },
    );
  };

  return (
    <Modal
      open={open}
      title={t('import.title')}
      onCancel={close}
      okText={t('import.submit')}
      cancelText={t('common:button.cancel')}
      confirmLoading={importCalendar.isPending}
      onOk={() => form.submit()}
      destroyOnHidden
      width={640}
    >
      <Typography.Paragraph type="secondary">{t('import.intro')}</Typography.Paragraph>
      <Form<ImportValues>
        form={form}
        layout="vertical"
        initialValues={{ format: 'ics', year: defaultYear ?? null, replaceYear: false }}
        onFinish={submit}
      >
        <Form.Item
          label={t('import.file')}
          required
          validateStatus={fileError ? 'error' : undefined}
          help={fileError ? t('import.fileRequired') : undefined}
        >
          <Upload
            accept=".ics,.json,text/calendar,application/json"
            maxCount={1}
            showUploadList={false}
            beforeUpload={async (chosen) => {
              const text = await chosen.text();
              setFile({ name: chosen.name, text });
              setFileError(false);
              importCalendar.reset();
              const isJson = /\.json$/i.test(chosen.name) || text.trimStart().startsWith('{');
              form.setFieldValue('format', isJson ? 'json' : 'ics');
              if (isJson) {
                // a JSON file names its own year: take it rather than the year on screen
                try {
                  const declared = (JSON.parse(text) as { year?: unknown }).year;
                  if (typeof declared === 'number') form.setFieldValue('year', declared);
                } catch {
                  // the server reports the syntax error with the rest
                }
              }
              return false;
            }}
          >
            <Button icon={<UploadOutlined />}>{t('import.chooseFile')}</Button>
          </Upload>
          {file && (
            <Typography.Text style={{ marginInlineStart: 12 }} data-testid="import-file-name">
              {file.name}
            </Typography.Text>
          )}
        </Form.Item>
        <Form.Item name="format" label={t('import.format')}>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'ics', label: 'ICS' },
              { value: 'json', label: 'JSON' },
            ]}
          />
        </Form.Item>
        <Form.Item name="year" label={t('import.year')}>
          <InputNumber min={1900} max={2200} placeholder={t('import.yearPlaceholder')} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="replaceYear" valuePropName="checked">
          <Checkbox disabled={!year}>{t('import.replaceYear')}</Checkbox>
        </Form.Item>
      </Form>
      {refused && (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={describe(importCalendar.error)}
          description={
            <>
              <div>{t('import.errors', { count: refused.total })}</div>
              <ul style={{ margin: '4px 0 0', paddingInlineStart: 20, maxHeight: 240, overflow: 'auto' }}>
                {refused.problems.map((p) => (
                  <li key={`${p.line ?? ''}:${p.index ?? ''}:${p.field ?? ''}:${p.code}:${JSON.stringify(p.params ?? {})}`}>
                    {[
                      p.line !== undefined ? t('import.line', { line: p.line }) : null,
                      p.index !== undefined ? t('import.item', { index: p.index + 1 }) : null,
                      p.field,
                    ]
                      .filter(Boolean)
                      .join(' · ')}
                    {p.line !== undefined || p.index !== undefined || p.field ? '：' : ''}
                    {t(`import.problem.${p.code}`, { ...p.params, defaultValue: p.message })}
                  </li>
                ))}
              </ul>
            </>
          }
        />
      )}
    </Modal>
  );
}
