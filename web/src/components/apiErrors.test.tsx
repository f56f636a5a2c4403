import { act, cleanup, screen } from '@testing-library/react';
import { Form, type FormInstance, Input } from 'antd';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import type { FeatureModule } from '../app/feature';
import { createI18n } from '../app/i18n';
import { renderWithProviders } from '../app/testing';
import { ApiErrorAlert, applyFieldErrors, describeApiError, fieldErrorsOf, translateFieldMessage } from './apiErrors';

afterEach(cleanup);

const customersFeature: FeatureModule = {
  key: 'customers',
  menu: [],
  routes: [],
  messages: {
    'zh-CN': { error: { duplicate: '该序列号已登记' } },
    en: { error: { duplicate: 'Serial number already registered' } },
  },
};

const validation = (details: unknown) => new ApiError(400, 'validation_failed', 'Request is invalid', details);

describe('fieldErrorsOf', () => {
  it('drops the request part (body/querystring) in front of the field path', () => {
    const error = validation([
      { path: ['body', 'name'], message: 'Too small: expected string to have >=1 characters' },
      { path: ['querystring', 'limit'], message: 'Too big: expected number to be <=500' },
      { path: ['contacts', 0, 'phone'], message: '手机号格式不正确' },
    ]);
    expect(fieldErrorsOf(error).map((e) => e.path)).toEqual([['name'], ['limit'], ['contacts', 0, 'phone']]);
  });
  it('is empty for errors without field details', () => {
    expect(fieldErrorsOf(new ApiError(409, 'version_conflict', 'x', { entity: 'customer', id: '1' }))).toEqual([]);
    expect(fieldErrorsOf(new Error('boom'))).toEqual([]);
  });
});

function CustomerForm({ onForm }: { onForm: (form: FormInstance) => void }) {
  const [form] = Form.useForm();
  onForm(form);
  return (
    <Form form={form}>
      <Form.Item name="name" label="名称">
        <Input />
      </Form.Item>
      <Form.Item name={['contacts', 0, 'phone']} label="电话">
        <Input />
      </Form.Item>
      <Form.Item name="address" label="地址">
        <Input />
      </Form.Item>
    </Form>
  );
}

describe('applyFieldErrors', () => {
  it('puts each server error on its form field, translated, and returns the ones that fit no field', async () => {
    let form!: FormInstance;
    renderWithProviders(<CustomerForm onForm={(f) => (form = f)} />);
    const i18n = createI18n([], 'zh-CN');
    let unmatched: ReturnType<typeof applyFieldErrors> = [];
    await act(async () => {
      unmatched = applyFieldErrors(
        form,
        validation([
          { path: ['body', 'name'], message: 'Too small: expected string to have >=1 characters' },
          { path: ['body', 'contacts', 0, 'phone'], message: '手机号格式不正确' },
          { path: ['body', 'address', 'regionId'], message: 'Invalid UUID' },
          { path: ['body', 'ownerId'], message: 'Invalid UUID' },
        ]),
        { t: i18n.t, scroll: false },
      );
    });
    expect(form.getFieldError('name')).toEqual(['此项为必填项']);
    expect(form.getFieldError(['contacts', 0, 'phone'])).toEqual(['手机号格式不正确']);
    // a nested path lands on the field that holds it
    expect(form.getFieldError('address')).toEqual(['请选择有效的记录']);
    expect(unmatched).toEqual([{ path: ['ownerId'], message: '请选择有效的记录' }]);
    expect(await screen.findByText('此项为必填项')).toBeTruthy();
  });
});

describe('applyFieldErrors with a rule error', () => {
  it('shows the feature’s translation of the code on the field the server named', async () => {
    let form!: FormInstance;
    renderWithProviders(<CustomerForm onForm={(f) => (form = f)} />);
    const i18n = createI18n([customersFeature], 'zh-CN');
    await act(async () => {
      applyFieldErrors(
        form,
        new ApiError(409, 'duplicate', 'serial exists', [{ path: ['body', 'name'], message: 'already used' }]),
        {
          t: i18n.t,
          ns: 'customers',
          scroll: false,
        },
      );
    });
    expect(form.getFieldError('name')).toEqual(['该序列号已登记']);
  });
});

describe('messages for API errors', () => {
  const feature = customersFeature;

  it('translates error codes, with a feature’s own words first', () => {
    const i18n = createI18n([feature], 'zh-CN');
    expect(describeApiError(new ApiError(409, 'version_conflict', 'customer was changed'), i18n.t)).toBe(
      '记录已被他人修改，请刷新后重试',
    );
    expect(describeApiError(new ApiError(409, 'duplicate', 'dup'), i18n.t, 'customers')).toBe('该序列号已登记');
    expect(describeApiError(new ApiError(409, 'duplicate', 'dup'), i18n.t)).toBe('已存在相同的记录，请勿重复添加');
    expect(describeApiError(new ApiError(500, 'http_error', 'Bad Gateway'), i18n.t)).toBe(
      '服务器内部错误，请稍后重试或联系系统管理员',
    );
    expect(describeApiError(new TypeError('Failed to fetch'), i18n.t)).toBe('网络连接失败，请检查网络后重试');
    // an unknown business-rule code shows the service's own message
    expect(describeApiError(new ApiError(422, 'unit_not_in_warranty', '设备已过保'), i18n.t)).toBe('设备已过保');
  });

  it('speaks English when the language is English', () => {
    const i18n = createI18n([feature], 'en');
    expect(describeApiError(new ApiError(409, 'version_conflict', 'x'), i18n.t)).toBe(
      'Someone else changed this record; reload and try again',
    );
    expect(translateFieldMessage('Too big: expected string to have <=64 characters', i18n.t)).toBe('At most 64 characters');
  });

  it('offers a reload button on a version conflict', async () => {
    let reloaded = 0;
    renderWithProviders(<ApiErrorAlert error={new ApiError(409, 'version_conflict', 'x')} onReload={() => reloaded++} />);
    expect(await screen.findByText('记录已被他人修改，请刷新后重试')).toBeTruthy();
    act(() => screen.getByRole('button', { name: /重新加载/ }).click());
    expect(reloaded).toBe(1);
  });
});
