import { useQuery } from '@tanstack/react-query';
import { App, Select, type SelectProps } from 'antd';
import { useCallback, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { isApiError, useShowApiError } from '../../components/apiErrors';
import { partsKeys, type SparePart, type StockLocation, useAllLocations, usePartSearch } from './api';

/** Pickers and error handling shared by the parts pages. */

export function partLabel(part: Pick<SparePart, 'code' | 'name' | 'specification'>): string {
  return `${part.code} ${part.name}${part.specification ? `（${part.specification}）` : ''}`;
}

export function locationLabel(location: Pick<StockLocation, 'code' | 'name'>): string {
  return `${location.code} ${location.name}`;
}

/** A part chosen by typing its number or name; `known` names a part already chosen (edit forms). */
export function PartSelect({
  value,
  onChange,
  known,
  ...rest
}: { value?: string; onChange?: (value: string | undefined) => void; known?: { id: string; label: string } } & Omit<
  SelectProps<string>,
  'value' | 'onChange' | 'options'
>) {
  const { t } = useTranslation('parts');
  const [q, setQ] = useState('');
  const search = usePartSearch(q);
  // labels of every part seen so far, so the chosen one keeps its name while the user searches on
  const seen = useRef(new Map<string, string>());
  for (const p of search.data?.items ?? []) seen.current.set(p.id, partLabel(p));
  if (known) seen.current.set(known.id, known.label);
  // a part chosen elsewhere (e.g. from the address bar) is looked up, never shown as its id
  const chosen = useQuery({
    queryKey: [...partsKeys.parts, 'one', value],
    queryFn: () => api.get<SparePart>(`/spare-parts/${value}`),
    enabled: !!value && !seen.current.has(value) && !search.isLoading,
    staleTime: 60_000,
  });
  if (chosen.data) seen.current.set(chosen.data.id, partLabel(chosen.data));
  const options = (search.data?.items ?? []).map((p) => ({ value: p.id, label: partLabel(p) }));
  if (value && !options.some((o) => o.value === value) && seen.current.has(value)) {
    options.unshift({ value, label: seen.current.get(value) as string });
  }
  const named = !value || options.some((o) => o.value === value);
  return (
    <Select<string>
      showSearch={{ filterOption: false, onSearch: setQ }}
      allowClear
      value={named ? value : undefined}
      onChange={(v) => onChange?.(v)}
      options={options}
      loading={search.isFetching || chosen.isFetching}
      placeholder={t('part.select')}
      notFoundContent={search.isFetching ? undefined : t('common:state.empty')}
      {...rest}
    />
  );
}

/** Active stock locations, warehouses then vans (with the technician's name). */
export function LocationSelect({
  value,
  onChange,
  exclude,
  ...rest
}: { value?: string; onChange?: (value: string | undefined) => void; exclude?: string } & Omit<
  SelectProps<string>,
  'value' | 'onChange' | 'options'
>) {
  const { t } = useTranslation('parts');
  const locations = useAllLocations();
  const options = useMemo(() => {
    const active = (locations.data?.items ?? []).filter((l) => (!l.archived || l.id === value) && l.id !== exclude);
    const group = (kind: StockLocation['kind']) => ({
      label: t(`kind.${kind}`),
      title: t(`kind.${kind}`),
      options: active
        .filter((l) => l.kind === kind)
        .map((l) => ({
          value: l.id,
          label: kind === 'van' && l.technicianName ? `${locationLabel(l)}（${l.technicianName}）` : locationLabel(l),
        })),
    });
    return [group('warehouse'), group('van')].filter((g) => g.options.length > 0);
  }, [locations.data, exclude, value, t]);
  return (
    <Select<string>
      showSearch={{ optionFilterProp: 'label' }}
      value={locations.data ? value : undefined}
      onChange={(v) => onChange?.(v)}
      options={options}
      loading={locations.isLoading}
      placeholder={t('location.select')}
      {...rest}
    />
  );
}

/**
 * Errors of stock commands: "not enough stock" says which part, where and how much is available;
 * everything else as usual (field errors onto the form).
 */
export function useStockErrorHandler() {
  const { t } = useTranslation('parts');
  const { message } = App.useApp();
  const showError = useShowApiError('parts');
  return useCallback(
    (error: unknown, options: Parameters<typeof showError>[1] = {}) => {
      if (isApiError(error, 'insufficient_stock')) {
        const d = (error.details ?? {}) as {
          path?: (string | number)[];
          partCode?: string;
          locationCode?: string;
          available?: number;
          requested?: number;
        };
        const text = t('stock.insufficient', {
          part: d.partCode ?? '',
          location: d.locationCode ?? '',
          available: d.available ?? 0,
          requested: d.requested ?? 0,
        });
        // ['body', 'lines', 0, 'quantity'] → the form field ['lines', 0, 'quantity'], when the form has it
        const field = Array.isArray(d.path) ? d.path.slice(1) : [];
        if (options.form && field.length && options.form.getFieldsError().some((f) => f.name.join('.') === field.join('.'))) {
          options.form.setFields([{ name: field, errors: [text] }]);
        }
        void message.error(text);
        return;
      }
      showError(error, options);
    },
    [t, message, showError],
  );
}
