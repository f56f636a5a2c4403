import type { Generated } from 'kysely';
import type { Bool } from './platform.js';

export interface ProductsTable {
  id: string;
  model: string;
  name: string;
  category_id: string;
  specification: string | null;
  default_warranty_months: number;
  post_repair_warranty_days: number;
  status: Generated<'active' | 'discontinued'>;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface CustomersTable {
  id: string;
  code: string;
  kind: 'person' | 'company';
  name: string;
  name_pinyin: Generated<string>;
  /** pinyin initials ("zs" for 张三), for lookup as you type — migration 2026-11-23-13 */
  name_initials: Generated<string>;
  /** pinyin syllables separated by spaces ("zhang san"): phone-book sort order — migration 2026-11-23-13 */
  name_sort: Generated<string>;
  class: Generated<'A' | 'B' | 'C' | 'D'>;
  is_key_account: Generated<Bool>;
  is_very_large_account: Generated<Bool>;
  is_vip: Generated<Bool>;
  owner_user_id: string | null;
  region_id: string | null;
  preferred_channel: 'phone' | 'sms' | 'email' | 'im' | 'letter' | 'on_site' | null;
  preferred_contact_hours: string | null;
  do_not_disturb: Generated<Bool>;
  reduced_contact: Generated<Bool>;
  /** JSON array of strings */
  tags: Generated<string>;
  notes: string | null;
  status: Generated<'active' | 'archived' | 'merged'>;
  merged_into_id: string | null;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface CustomerContactsTable {
  id: string;
  customer_id: string;
  name: string;
  role: Generated<'technical_lead' | 'admin_lead' | 'main_user' | 'purchaser' | 'other'>;
  phone: string | null;
  phone_digits: string | null;
  /** phone_digits reversed: "last four digits" lookups become a prefix range — migration 2026-11-23-13 */
  phone_digits_reversed: string | null;
  email: string | null;
  email_lower: string | null;
  is_primary: Generated<Bool>;
  archived: Generated<Bool>;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface CustomerAddressesTable {
  id: string;
  customer_id: string;
  label: string | null;
  region_id: string | null;
  province: string | null;
  city: string | null;
  district: string | null;
  line: string;
  postal_code: string | null;
  latitude: number | null;
  longitude: number | null;
  is_default: Generated<Bool>;
  archived: Generated<Bool>;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface OrdersTable {
  id: string;
  order_number: string;
  customer_id: string;
  /** YYYY-MM-DD */
  order_date: string;
  contract_number: string | null;
  kind: Generated<'sale' | 'maintenance' | 'project' | 'service'>;
  total_fen: Generated<number>;
  status: Generated<'open' | 'completed' | 'cancelled'>;
  notes: string | null;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface OrderLinesTable {
  id: string;
  order_id: string;
  line_no: number;
  product_id: string;
  quantity: number;
  unit_price_fen: number;
}

export interface UnitsTable {
  id: string;
  serial_number: string;
  product_id: string;
  customer_id: string;
  /** YYYY-MM-DD */
  purchase_date: string | null;
  order_id: string | null;
  contract_number: string | null;
  installation_address_id: string | null;
  installation_address: string | null;
  warranty_end_override: string | null;
  warranty_override_reason: string | null;
  warranty_end: string | null;
  status: Generated<'in_service' | 'replaced' | 'returned' | 'scrapped'>;
  replaced_by_unit_id: string | null;
  notes: string | null;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface RegistryTables {
  products: ProductsTable;
  customers: CustomersTable;
  customer_contacts: CustomerContactsTable;
  customer_addresses: CustomerAddressesTable;
  orders: OrdersTable;
  order_lines: OrderLinesTable;
  units: UnitsTable;
}
