import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { auditPage } from '../../../../contracts/audit';
import type { productPage } from '../../../../contracts/catalog';
import type {
  address,
  addressInput,
  contact,
  contactInput,
  createCustomerRequest,
  createOrderRequest,
  createUnitRequest,
  customer,
  customerDetail,
  customerListQuery,
  customerPage,
  importReport,
  lookupResult,
  order,
  orderDetail,
  orderPage,
  unit,
  unitDetail,
  unitListQuery,
  unitPage,
  updateAddressRequest,
  updateContactRequest,
  updateCustomerRequest,
  updateOrderRequest,
  updateUnitRequest,
} from '../../../../contracts/customers';
import type { regionPage, userPage } from '../../../../contracts/staff';
import { api } from '../../api/client';

/** Types and queries of the customer registry API (contracts/customers.ts). */
export type Customer = z.infer<typeof customer>;
export type CustomerDetail = z.infer<typeof customerDetail>;
export type CustomerPage = z.infer<typeof customerPage>;
export type CustomerListQuery = z.input<typeof customerListQuery>;
export type CreateCustomerRequest = z.infer<typeof createCustomerRequest>;
export type UpdateCustomerRequest = z.infer<typeof updateCustomerRequest>;
export type Contact = z.infer<typeof contact>;
export type ContactInput = z.infer<typeof contactInput>;
export type UpdateContactRequest = z.infer<typeof updateContactRequest>;
export type Address = z.infer<typeof address>;
export type AddressInput = z.infer<typeof addressInput>;
export type UpdateAddressRequest = z.infer<typeof updateAddressRequest>;
export type Unit = z.infer<typeof unit>;
export type UnitDetail = z.infer<typeof unitDetail>;
export type UnitPage = z.infer<typeof unitPage>;
export type UnitListQuery = z.input<typeof unitListQuery>;
export type CreateUnitRequest = z.infer<typeof createUnitRequest>;
export type UpdateUnitRequest = z.infer<typeof updateUnitRequest>;
export type Order = z.infer<typeof order>;
export type OrderDetail = z.infer<typeof orderDetail>;
export type OrderPage = z.infer<typeof orderPage>;
export type CreateOrderRequest = z.infer<typeof createOrderRequest>;
export type UpdateOrderRequest = z.infer<typeof updateOrderRequest>;
export type LookupResult = z.infer<typeof lookupResult>;
export type LookupItem = LookupResult['items'][number];
export type ImportReport = z.infer<typeof importReport>;
export type ImportKind = ImportReport['kind'];
export type ProductPage = z.infer<typeof productPage>;
export type ProductOption = ProductPage['items'][number];
export type UserPage = z.infer<typeof userPage>;
export type RegionPage = z.infer<typeof regionPage>;
export type AuditPage = z.infer<typeof auditPage>;

export const CUSTOMER_CLASSES = ['A', 'B', 'C', 'D'] as const;
export const CUSTOMER_KINDS = ['company', 'person'] as const;
export const CONTACT_ROLES = ['technical_lead', 'admin_lead', 'main_user', 'purchaser', 'other'] as const;
export const CHANNELS = ['phone', 'sms', 'email', 'im', 'letter', 'on_site'] as const;
export const UNIT_STATUSES = ['in_service', 'replaced', 'returned', 'scrapped'] as const;
export const ORDER_KINDS = ['sale', 'maintenance', 'project', 'service'] as const;

export const customerKeys = {
  all: ['customers'] as const,
  list: (filters: object) => ['customers', 'list', filters] as const,
  detail: (id: string) => ['customers', 'detail', id] as const,
  lookup: (q: string) => ['customers', 'lookup', q] as const,
  units: ['units'] as const,
  unit: (id: string) => ['units', 'detail', id] as const,
  orders: ['orders'] as const,
};

export function useCustomer(id: string) {
  return useQuery({ queryKey: customerKeys.detail(id), queryFn: () => api.get<CustomerDetail>(`/customers/${id}`) });
}

export function useUnit(id: string) {
  return useQuery({ queryKey: customerKeys.unit(id), queryFn: () => api.get<UnitDetail>(`/units/${id}`) });
}

/** As-you-type lookup; only asks once something is typed. */
export function useLookup(q: string) {
  const text = q.trim();
  return useQuery({
    queryKey: customerKeys.lookup(text),
    queryFn: () => api.get<LookupResult>('/customers/lookup', { q: text }),
    enabled: text.length > 0,
    placeholderData: keepPreviousData,
    staleTime: 10_000,
  });
}

/** Products for a picker (GET /products of the catalogue). */
export function useProductOptions(q: string) {
  return useQuery({
    queryKey: ['catalog', 'products', 'picker', q.trim()],
    queryFn: () => api.get<ProductPage>('/products', { q: q.trim() || undefined, status: 'active', limit: 20 }),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
    retry: false,
  });
}

export function useUserOptions(q: string) {
  return useQuery({
    queryKey: ['staff', 'users', 'picker', q.trim()],
    queryFn: () => api.get<UserPage>('/users', { q: q.trim() || undefined, status: 'active', limit: 20 }),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
    retry: false,
  });
}

export function useRegionOptions() {
  return useQuery({
    queryKey: ['staff', 'regions', 'picker'],
    queryFn: () => api.get<RegionPage>('/regions', { limit: 500 }),
    staleTime: 60_000,
    retry: false,
  });
}

export function useCustomerAudit(id: string, enabled: boolean) {
  return useQuery({
    queryKey: ['audit', 'customer', id],
    queryFn: () => api.get<AuditPage>('/audit-log', { entity: 'customer', entityId: id, limit: 100, sort: '-at' }),
    enabled,
    retry: false,
  });
}

/** Query-string object without empty values. */
export function cleanQuery<T extends Record<string, unknown>>(query: T): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== null && v !== '') out[k] = v as string | number | boolean;
  }
  return out;
}
