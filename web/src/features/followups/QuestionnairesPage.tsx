import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TableColumnsType } from 'antd';
import { App, Button, Card, Drawer, Flex, Form, Input, InputNumber, Select, Switch, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useCan } from '../../app/session';
import { ApiErrorAlert, useShowApiError } from '../../components/apiErrors';
import { PageHeader } from '../../components/PageHeader';
import { followupKeys, type Question, type Questionnaire } from './api';

const KINDS = ['scale', 'choice', 'text'] as const;

/** Options of a choice question as lines "value|label|score" (e.g. "yes|已解决|100"). */
function optionsToText(options: Question['options']): string {
  return (options ?? []).map((o) => [o.value, o.label, o.score ?? ''].join('|')).join('\n');
}
function textToOptions(text: string | undefined): Question['options'] {
  return (text ?? '')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [value, label, score] = line.split('|').map((p) => p.trim());
      return { value, label: label || value, ...(score ? { score: Number(score) } : {}) };
    });
}

type FormQuestion = Omit<Question, 'options'> & { optionsText?: string };

/** 问卷 (R-SAT-1): questionnaire templates — scale, choice and free-text questions, weights, the call script. */
export function QuestionnairesPage() {
  const { t } = useTranslation('followups');
  const can = useCan();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const showError = useShowApiError('followups');
  const [editing, setEditing] = useState<Questionnaire | 'new' | null>(null);
  const [form] = Form.useForm();
  const list = useQuery({ queryKey: followupKeys.questionnaires, queryFn: () => api.get<{ items: Questionnaire[] }>('/questionnaires') });
  const manage = can('followup.manage');

  const open = (q: Questionnaire | 'new') => {
    setEditing(q);
    form.resetFields();
    if (q !== 'new') {
      form.setFieldsValue({ ...q, questions: q.questions.map(({ options, ...rest }) => ({ ...rest, optionsText: optionsToText(options) })) });
    } else {
      form.setFieldsValue({ questions: [{ kind: 'scale', min: 1, max: 5, required: true }] });
    }
  };
  const save = useMutation({
    mutationFn: (values: { code?: string; name: string; intro?: string; script?: string; archived?: boolean; questions: FormQuestion[] }) => {
      const questions = values.questions.map(({ optionsText, ...q }) => ({
        ...q,
        ...(q.kind === 'choice' ? { options: textToOptions(optionsText) } : {}),
        ...(q.kind !== 'scale' ? { min: undefined, max: undefined } : {}),
      }));
      const body = { name: values.name, intro: values.intro || null, script: values.script || null, questions };
      return editing === 'new'
        ? api.post<Questionnaire>('/questionnaires', { ...body, code: values.code })
        : api.patch<Questionnaire>(`/questionnaires/${(editing as Questionnaire).id}`, { ...body, archived: values.archived, version: (editing as Questionnaire).version });
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: followupKeys.questionnaires });
      void message.success(t('rules.saved'));
      setEditing(null);
    },
    onError: (error) => showError(error, { form }),
  });

  const columns: TableColumnsType<Questionnaire> = [
    { title: t('rules.code'), dataIndex: 'code', width: 200 },
    { title: t('rules.name'), dataIndex: 'name' },
    { title: t('questionnaires.questions'), key: 'n', width: 100, render: (_: unknown, q) => q.questions.length },
    { key: 'archived', width: 90, render: (_: unknown, q) => (q.archived ? <Tag>{t('questionnaires.archived')}</Tag> : null) },
    { key: 'edit', width: 90, render: (_: unknown, q) => (manage ? <Button size="small" onClick={() => open(q)}>{t('rules.edit')}</Button> : null) },
  ];

  return (
    <>
      <PageHeader
        title={t('menu.questionnaires')}
        subTitle={t('questionnaires.hint')}
        extra={
          manage && (
            <Button type="primary" onClick={() => open('new')}>
              {t('questionnaires.create')}
            </Button>
          )
        }
      />
      {list.error ? <ApiErrorAlert error={list.error} ns="followups" /> : null}
      <Table<Questionnaire> rowKey="id" size="middle" loading={list.isLoading} columns={columns} dataSource={list.data?.items ?? []} pagination={false} />
      <Drawer open={editing !== null} onClose={() => setEditing(null)} size={720} title={editing === 'new' ? t('questionnaires.create') : editing?.name} destroyOnHidden>
        <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
          {editing === 'new' && (
            <Form.Item name="code" label={t('rules.code')} rules={[{ required: true, pattern: /^[a-z][a-z0-9_]{1,39}$/, message: 'a-z 0-9 _' }]}>
              <Input maxLength={40} />
            </Form.Item>
          )}
          <Form.Item name="name" label={t('rules.name')} rules={[{ required: true }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="intro" label={t('questionnaires.intro')}>
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
          <Form.Item name="script" label={t('call.script')}>
            <Input.TextArea rows={5} maxLength={8000} />
          </Form.Item>
          <Form.List name="questions">
            {(fields, { add, remove }) => (
              <>
                {fields.map((field, index) => (
                  <Card key={field.key} size="small" style={{ marginBottom: 8 }} title={`${t('questionnaires.question')} ${index + 1}`} extra={<MinusCircleOutlined onClick={() => remove(field.name)} aria-label={t('settings.removeWindow')} />}>
                    <Flex gap={8} wrap>
                      <Form.Item name={[field.name, 'key']} label={t('rules.code')} rules={[{ required: true, pattern: /^[a-z][a-z0-9_]{0,39}$/, message: 'a-z 0-9 _' }]}>
                        <Input style={{ width: 140 }} />
                      </Form.Item>
                      <Form.Item name={[field.name, 'text']} label={t('questionnaires.text')} rules={[{ required: true }]} style={{ flex: 1, minWidth: 220 }}>
                        <Input maxLength={300} />
                      </Form.Item>
                    </Flex>
                    <Flex gap={8} wrap align="end">
                      <Form.Item name={[field.name, 'kind']} label={t('questionnaires.kind')}>
                        <Select style={{ width: 120 }} options={KINDS.map((k) => ({ value: k, label: t(`questionnaires.kinds.${k}`) }))} />
                      </Form.Item>
                      <Form.Item noStyle shouldUpdate>
                        {() =>
                          form.getFieldValue(['questions', field.name, 'kind']) === 'scale' ? (
                            <>
                              <Form.Item name={[field.name, 'min']} label={t('questionnaires.min')}>
                                <InputNumber min={0} max={10} precision={0} />
                              </Form.Item>
                              <Form.Item name={[field.name, 'max']} label={t('questionnaires.max')}>
                                <InputNumber min={1} max={10} precision={0} />
                              </Form.Item>
                            </>
                          ) : null
                        }
                      </Form.Item>
                      <Form.Item name={[field.name, 'weight']} label={t('questionnaires.weight')}>
                        <InputNumber min={0} max={100} />
                      </Form.Item>
                      <Form.Item name={[field.name, 'required']} label={t('questionnaires.required')} valuePropName="checked">
                        <Switch />
                      </Form.Item>
                    </Flex>
                    <Form.Item noStyle shouldUpdate>
                      {() =>
                        form.getFieldValue(['questions', field.name, 'kind']) === 'choice' ? (
                          <Form.Item name={[field.name, 'optionsText']} label={t('questionnaires.options')} extra={t('questionnaires.optionsHint')}>
                            <Input.TextArea rows={3} />
                          </Form.Item>
                        ) : null
                      }
                    </Form.Item>
                  </Card>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ kind: 'scale', min: 1, max: 5, required: true })} style={{ marginBottom: 16 }}>
                  {t('questionnaires.addQuestion')}
                </Button>
              </>
            )}
          </Form.List>
          {editing !== 'new' && (
            <Form.Item name="archived" label={t('questionnaires.archived')} valuePropName="checked">
              <Switch />
            </Form.Item>
          )}
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            {t('common:button.save')}
          </Button>
        </Form>
      </Drawer>
    </>
  );
}
