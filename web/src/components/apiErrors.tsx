import type { FormInstance } from 'antd';
import { Alert, App, Button } from 'antd';
import type { TFunction } from 'i18next';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';

/**
 * Turning API errors (`{ error: { code, message, details } }`, see web/src/api/client.ts) into words
 * a user understands, and field errors into red form fields.
 *
 *   const showError = useShowApiError('customers');
 *   mutation.mutate(values, { onError: (e) => showError(e, { form, onReload: refetch }) });
 *
 *   <ApiErrorAlert error={query.error} onReload={query.refetch} />
 *
 * A message is looked up as `<ns>:error.<code>` (your feature's own codes, e.g. 'serial_taken'),
 * then `common:error.<code>`, then by HTTP status; the server's message is the last resort.
 */

/** One field error from `details` of a 400: `{ path: ['body', 'contacts', 0, 'phone'], message }`. */
export interface FieldError {
  path: (string | number)[];
  message: string;
}

const REQUEST_PARTS = new Set(['body', 'querystring', 'query', 'params', 'headers']);

/** The field errors of an error (empty when it has none). The leading 'body'/'querystring'/'params' is removed. */
export function fieldErrorsOf(error: unknown): FieldError[] {
  if (!(error instanceof ApiError) || !Array.isArray(error.details)) return [];
  const result: FieldError[] = [];
  for (const d of error.details as unknown[]) {
    if (!d || typeof d !== 'object') continue;
    const { path, message } = d as { path?: unknown; message?: unknown };
    if (!Array.isArray(path)) continue;
    const segments = path.filter((p): p is string | number => typeof p === 'string' || typeof p === 'number');
    if (segments.length > 1 && typeof segments[0] === 'string' && REQUEST_PARTS.has(segments[0])) segments.shift();
    result.push({ path: segments, message: typeof message === 'string' ? message : '' });
  }
  return result;
}

export function isApiError(error: unknown, code?: string): error is ApiError {
  return error instanceof ApiError && (code === undefined || error.code === code);
}

/** 409 version_conflict: someone saved the record after you loaded it. Offer a reload. */
export function isVersionConflict(error: unknown): error is ApiError {
  return isApiError(error, 'version_conflict');
}

/**
 * The server validates with zod; its English messages are translated when recognised
 * ("Too small: expected string to have >=1 characters" → 此项为必填项). Other messages
 * (e.g. a service's own Chinese text) are shown as they are.
 */
export function translateFieldMessage(message: string, t: TFunction): string {
  for (const [pattern, translate] of FIELD_MESSAGE_RULES) {
    const match = message.match(pattern);
    if (match) return translate(t, match);
  }
  return message;
}

type FieldMessageRule = [RegExp, (t: TFunction, match: RegExpMatchArray) => string];

/** zod 4's English messages → the 'common:field.*' words. First match wins. */
const FIELD_MESSAGE_RULES: FieldMessageRule[] = [
  [/received undefined|received null|^Required$/i, (t) => t('common:field.required')],
  [
    /^Too small: expected string to have >=(\d+) characters?/,
    (t, m) => (Number(m[1]) <= 1 ? t('common:field.required') : t('common:field.minLength', { count: Number(m[1]) })),
  ],
  [/^Too big: expected string to have <=(\d+) characters?/, (t, m) => t('common:field.maxLength', { count: Number(m[1]) })],
  [/^Too small: expected (?:number|int|bigint) to be >=?(-?[\d.]+)/, (t, m) => t('common:field.min', { count: Number(m[1]) })],
  [/^Too big: expected (?:number|int|bigint) to be <=?(-?[\d.]+)/, (t, m) => t('common:field.max', { count: Number(m[1]) })],
  [/expected int\b/, (t) => t('common:field.integer')],
  [/expected number/, (t) => t('common:field.number')],
  [/^Invalid email/i, (t) => t('common:field.email')],
  [/^Invalid ISO datetime/i, (t) => t('common:field.dateTime')],
  [/^Invalid ISO date|^Invalid date/i, (t) => t('common:field.date')],
  [/^Invalid (UUID|GUID)/i, (t) => t('common:field.reference')],
  [/^Invalid option/i, (t) => t('common:field.option')],
  [/^Invalid input/i, (t) => t('common:field.invalid')],
];

type FieldName = (string | number)[];

function sameStart(prefix: FieldName, path: FieldName): boolean {
  return prefix.length <= path.length && prefix.every((p, i) => String(p) === String(path[i]));
}

export interface ApplyFieldErrorsOptions {
  /** translate messages (pass `t` from useTranslation); without it messages are set as sent */
  t?: TFunction;
  /**
   * your feature's namespace: a rule error (409/422) whose code has a translation (`<ns>:error.<code>`
   * or `common:error.<code>`) shows that translation on its fields instead of the server's text
   */
  ns?: string;
  /** API path → form field name, when the form's names differ from the request body; null = skip */
  mapPath?: (path: FieldName) => FieldName | null;
  /** scroll to the first field with an error (default true) */
  scroll?: boolean;
}

/**
 * Put the field errors of a 400 onto the antd Form fields they belong to. A detail path is matched
 * to the longest registered field name that starts it (['address', 'region'] goes to 'address' when
 * only that field exists). Returns the errors that matched no field, so they can be shown elsewhere.
 */
export function applyFieldErrors(form: FormInstance, error: unknown, options: ApplyFieldErrorsOptions = {}): FieldError[] {
  const errors = fieldErrorsOf(error);
  if (!errors.length) return [];
  const registered: FieldName[] = form.getFieldsError().map((f) => f.name as FieldName);
  const codeText =
    options.t && error instanceof ApiError && error.code !== 'validation_failed'
      ? codeMessage(error.code, options.t, options.ns)
      : undefined;
  const byField = new Map<string, { name: FieldName; errors: string[] }>();
  const unmatched: FieldError[] = [];
  for (const fe of errors) {
    const path = options.mapPath ? options.mapPath(fe.path) : fe.path;
    const text = codeText ?? (options.t ? translateFieldMessage(fe.message, options.t) : fe.message);
    const target = path ? registered.filter((name) => sameStart(name, path)).sort((a, b) => b.length - a.length)[0] : undefined;
    if (!target) {
      unmatched.push({ path: fe.path, message: text });
      continue;
    }
    const key = JSON.stringify(target.map(String));
    const entry = byField.get(key) ?? { name: target, errors: [] };
    if (!entry.errors.includes(text)) entry.errors.push(text);
    byField.set(key, entry);
  }
  const fields = [...byField.values()];
  if (fields.length) {
    form.setFields(fields.map((f) => ({ name: f.name, errors: f.errors })));
    if (options.scroll !== false) {
      try {
        form.scrollToField(fields[0].name, { block: 'center' });
      } catch {
        // not mounted in a scrollable page (tests)
      }
    }
  }
  return unmatched;
}

/** The translation of an error code (`<ns>:error.<code>`, then `common:error.<code>`), if there is one. */
function codeMessage(code: string, t: TFunction, ns?: string): string | undefined {
  const keys = [ns && `${ns}:error.${code}`, `common:error.${code}`].filter(Boolean) as string[];
  for (const key of keys) {
    const text = t(key, { defaultValue: '' });
    if (text) return text;
  }
  return undefined;
}

/** The message for any error thrown by `api` (or fetch): see the lookup order above. */
export function describeApiError(error: unknown, t: TFunction, ns?: string): string {
  if (!(error instanceof ApiError)) {
    if (error instanceof TypeError) return t('common:error.network');
    return t('common:error.unknown');
  }
  const known = codeMessage(error.code, t, ns);
  if (known) return known;
  if (error.status === 413) return t('common:error.payload_too_large');
  if (error.status >= 500) return t('common:error.internal_error');
  if (error.message && error.code !== 'http_error') return error.message;
  if (error.status === 401) return t('common:error.unauthorized');
  if (error.status === 403) return t('common:error.forbidden');
  if (error.status === 404) return t('common:error.not_found');
  if (error.status === 409) return t('common:error.conflict');
  if (error.status === 422) return t('common:error.business_rule');
  if (error.status === 429) return t('common:error.rate_limited');
  return t('common:error.unknown');
}

/** `const message = useApiErrorMessage('customers'); message(error)` → translated text. */
export function useApiErrorMessage(ns?: string): (error: unknown) => string {
  const { t } = useTranslation(ns);
  return useCallback((error: unknown) => describeApiError(error, t, ns), [t, ns]);
}

export interface ShowApiErrorOptions {
  /** put field errors onto this form's fields */
  form?: FormInstance;
  mapPath?: ApplyFieldErrorsOptions['mapPath'];
  /** on version_conflict: show a dialog whose button calls this (e.g. refetch the record) */
  onReload?: () => void;
}

/**
 * A handler for mutation errors: field errors go onto the form, a toast says what went wrong, a
 * version conflict opens a dialog with a reload button.
 */
export function useShowApiError(ns?: string): (error: unknown, options?: ShowApiErrorOptions) => void {
  const { t } = useTranslation(ns);
  const { message, modal } = App.useApp();
  return useCallback(
    (error: unknown, options: ShowApiErrorOptions = {}) => {
      const text = describeApiError(error, t, ns);
      if (isVersionConflict(error) && options.onReload) {
        const onReload = options.onReload;
        modal.warning({
          title: text,
          content: t('common:error.reloadHint'),
          okText: t('common:button.reload'),
          onOk: () => onReload(),
        });
        return;
      }
      let unmatched: FieldError[] = [];
      if (options.form) unmatched = applyFieldErrors(options.form, error, { t, ns, mapPath: options.mapPath });
      const extra = unmatched.length ? `: ${unmatched.map((u) => u.message).join('; ')}` : '';
      void message.error(`${text}${extra}`);
    },
    [t, ns, message, modal],
  );
}

export interface ApiErrorAlertProps {
  error: unknown;
  /** namespace with the feature's own error codes */
  ns?: string;
  /** shows a reload button on version_conflict (and on other errors when `retry` is set) */
  onReload?: () => void;
  /** show the reload button for every error, e.g. when a list failed to load */
  retry?: boolean;
  style?: React.CSSProperties;
}

/** An inline error box: the translated message, the field errors, and a reload button when useful. */
export function ApiErrorAlert({ error, ns, onReload, retry, style }: ApiErrorAlertProps) {
  const { t } = useTranslation(ns);
  if (!error) return null;
  const fields = fieldErrorsOf(error);
  const conflict = isVersionConflict(error);
  const showReload = !!onReload && (conflict || !!retry);
  return (
    <Alert
      type={conflict ? 'warning' : 'error'}
      showIcon
      role="alert"
      style={{ marginBottom: 16, ...style }}
      title={describeApiError(error, t, ns)}
      description={
        fields.length || conflict ? (
          <>
            {conflict && <div>{t('common:error.reloadHint')}</div>}
            {fields.length > 0 && (
              <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                {fields.map((f) => (
                  <li key={`${f.path.join('.')}:${f.message}`}>
                    {f.path.length ? `${f.path.join('.')}: ` : ''}
                    {translateFieldMessage(f.message, t)}
                  </li>
                ))}
              </ul>
            )}
          </>
        ) : undefined
      }
      action={
        showReload ? (
          <Button size="small" onClick={onReload}>
            {t('common:button.reload')}
          </Button>
        ) : undefined
      }
    />
  );
}
