import type { ImportKind } from '../../../contracts/customers.js';

/**
 * Spreadsheet columns of the registry's import and export (R-CUS-5): the Chinese header users
 * see in the template, the English header also accepted, and the words accepted for enum values.
 */

export interface ColumnSpec {
  key: string;
  /** header written in templates and exports */
  zh: string;
  en: string;
  /** further headers accepted on import */
  aliases?: string[];
  required?: boolean;
  /** shown on the template's 说明 sheet */
  hint: string;
  /** template data-validation list */
  choices?: string[];
  width?: number;
}

export const CUSTOMER_COLUMNS: ColumnSpec[] = [
  {
    key: 'code',
    zh: '客户编号',
    en: 'code',
    aliases: ['编号', 'customerCode'],
    hint: '可留空，系统自动生成 KH-年份-序号；填写时不可重复',
    width: 18,
  },
  {
    key: 'name',
    zh: '客户名称',
    en: 'name',
    aliases: ['名称', '客户', 'customerName'],
    required: true,
    hint: '个人姓名或单位全称',
    width: 28,
  },
  {
    key: 'kind',
    zh: '类型',
    en: 'kind',
    aliases: ['客户类型', 'type'],
    hint: '个人 / 公司（默认公司）',
    choices: ['个人', '公司'],
    width: 8,
  },
  {
    key: 'class',
    zh: '等级',
    en: 'class',
    aliases: ['客户等级', 'grade'],
    hint: 'A / B / C / D（默认C）',
    choices: ['A', 'B', 'C', 'D'],
    width: 8,
  },
  {
    key: 'contactName',
    zh: '联系人',
    en: 'contact',
    aliases: ['contactName', '联系人姓名'],
    hint: '留空时用客户名称',
    width: 12,
  },
  {
    key: 'contactRole',
    zh: '联系人角色',
    en: 'contactRole',
    aliases: ['角色', 'role'],
    hint: '技术负责人 / 行政负责人 / 主要使用人 / 采购 / 其他',
    choices: ['技术负责人', '行政负责人', '主要使用人', '采购', '其他'],
    width: 12,
  },
  {
    key: 'phone',
    zh: '电话',
    en: 'phone',
    aliases: ['手机', '联系电话', '手机号', 'mobile'],
    hint: '手机或座机，如 13800138000 / 010-12345678',
    width: 16,
  },
  { key: 'email', zh: '邮箱', en: 'email', aliases: ['电子邮箱', 'e-mail'], hint: 'name@example.com', width: 24 },
  { key: 'province', zh: '省', en: 'province', aliases: ['省份'], hint: '如 广东省', width: 10 },
  { key: 'city', zh: '市', en: 'city', aliases: ['城市'], hint: '如 深圳市', width: 10 },
  { key: 'district', zh: '区', en: 'district', aliases: ['区县'], hint: '如 南山区', width: 10 },
  { key: 'address', zh: '地址', en: 'address', aliases: ['详细地址'], hint: '街道门牌', width: 36 },
  { key: 'region', zh: '区域', en: 'region', aliases: ['服务区域'], hint: '系统中已有的区域名称或编码', width: 12 },
  { key: 'keyAccount', zh: '大客户', en: 'keyAccount', hint: '是 / 否', choices: ['是', '否'], width: 8 },
  { key: 'veryLargeAccount', zh: '特大型客户', en: 'veryLargeAccount', hint: '是 / 否', choices: ['是', '否'], width: 10 },
  { key: 'vip', zh: 'VIP贵宾', en: 'vip', aliases: ['VIP'], hint: '是 / 否', choices: ['是', '否'], width: 8 },
  { key: 'owner', zh: '负责人', en: 'owner', aliases: ['负责客服', '客服'], hint: '用户名或姓名；留空为导入人', width: 12 },
  {
    key: 'preferredChannel',
    zh: '首选联系方式',
    en: 'preferredChannel',
    hint: '电话 / 短信 / 邮件 / 即时通讯 / 信函 / 上门',
    choices: ['电话', '短信', '邮件', '即时通讯', '信函', '上门'],
    width: 12,
  },
  {
    key: 'preferredContactHours',
    zh: '联系时间',
    en: 'preferredContactHours',
    aliases: ['方便联系时间'],
    hint: '如 工作日 10:00-11:30',
    width: 18,
  },
  { key: 'doNotDisturb', zh: '免打扰', en: 'doNotDisturb', hint: '是 / 否', choices: ['是', '否'], width: 8 },
  { key: 'reducedContact', zh: '降低联系频次', en: 'reducedContact', hint: '是 / 否', choices: ['是', '否'], width: 12 },
  { key: 'tags', zh: '标签', en: 'tags', hint: '多个标签用逗号分隔', width: 16 },
  { key: 'notes', zh: '备注', en: 'notes', hint: '', width: 24 },
];

export const UNIT_COLUMNS: ColumnSpec[] = [
  {
    key: 'serialNumber',
    zh: '序列号',
    en: 'serialNumber',
    aliases: ['SN', 'serial', '产品序列号', '机身号'],
    required: true,
    hint: '同一型号下不可重复',
    width: 20,
  },
  { key: 'model', zh: '型号', en: 'model', aliases: ['产品型号'], required: true, hint: '产品目录中已有的型号', width: 16 },
  {
    key: 'customerCode',
    zh: '客户编号',
    en: 'customerCode',
    aliases: ['code'],
    required: true,
    hint: '系统中已有的客户编号，如 KH-2026-000001',
    width: 18,
  },
  {
    key: 'purchaseDate',
    zh: '购买日期',
    en: 'purchaseDate',
    aliases: ['购机日期'],
    hint: '如 2025-03-15；保修期自购买之日起计算',
    width: 12,
  },
  { key: 'contractNumber', zh: '合同号', en: 'contractNumber', aliases: ['销售合同号', '合同编号'], hint: '', width: 16 },
  { key: 'orderNumber', zh: '订单号', en: 'orderNumber', hint: '系统中已有的订单号（可留空）', width: 16 },
  { key: 'installationAddress', zh: '安装地址', en: 'installationAddress', hint: '', width: 30 },
  {
    key: 'warrantyEndOverride',
    zh: '合同保修截止日期',
    en: 'warrantyEndOverride',
    aliases: ['保修截止', '保修截止日期'],
    hint: '合同另有约定时填写（最后一天在保），须同时填写保修说明',
    width: 16,
  },
  {
    key: 'warrantyOverrideReason',
    zh: '保修说明',
    en: 'warrantyOverrideReason',
    aliases: ['保修原因'],
    hint: '如 合同约定整机保修36个月',
    width: 24,
  },
  {
    key: 'status',
    zh: '状态',
    en: 'status',
    hint: '在用 / 已更换 / 已退回 / 已报废（默认在用）',
    choices: ['在用', '已更换', '已退回', '已报废'],
    width: 10,
  },
  { key: 'notes', zh: '备注', en: 'notes', hint: '', width: 24 },
];

export const ORDER_COLUMNS: ColumnSpec[] = [
  {
    key: 'orderNumber',
    zh: '订单号',
    en: 'orderNumber',
    aliases: ['订单编号'],
    required: true,
    hint: '同一订单多行表示多个明细',
    width: 18,
  },
  {
    key: 'customerCode',
    zh: '客户编号',
    en: 'customerCode',
    aliases: ['code'],
    required: true,
    hint: '系统中已有的客户编号',
    width: 18,
  },
  {
    key: 'orderDate',
    zh: '日期',
    en: 'orderDate',
    aliases: ['订单日期', '下单日期', 'date'],
    required: true,
    hint: '如 2025-03-15',
    width: 12,
  },
  { key: 'model', zh: '型号', en: 'model', aliases: ['产品型号'], required: true, hint: '产品目录中已有的型号', width: 16 },
  { key: 'quantity', zh: '数量', en: 'quantity', required: true, hint: '正整数', width: 8 },
  {
    key: 'unitPrice',
    zh: '单价',
    en: 'unitPrice',
    aliases: ['单价(元)', '单价（元）'],
    required: true,
    hint: '单位：元，最多两位小数',
    width: 12,
  },
  { key: 'contractNumber', zh: '合同号', en: 'contractNumber', aliases: ['销售合同号', '合同编号'], hint: '', width: 16 },
  {
    key: 'kind',
    zh: '订单类型',
    en: 'kind',
    aliases: ['类型'],
    hint: '销售 / 维保 / 项目 / 服务（默认销售）',
    choices: ['销售', '维保', '项目', '服务'],
    width: 10,
  },
  { key: 'notes', zh: '备注', en: 'notes', hint: '', width: 24 },
];

export const COLUMNS: Record<ImportKind, ColumnSpec[]> = {
  customers: CUSTOMER_COLUMNS,
  units: UNIT_COLUMNS,
  orders: ORDER_COLUMNS,
};

export const SHEET_NAMES: Record<ImportKind, string> = { customers: '顾客档案', units: '产品档案', orders: '订单' };

/** Header text as compared: no spaces, no '*' required markers, half-width brackets, lower case. */
export function normalizeHeader(header: string): string {
  return header
    .replace(/[（]/g, '(')
    .replace(/[）]/g, ')')
    .replace(/[*＊\s]/g, '')
    .toLowerCase();
}

/** header of the file → column key; unknown headers are reported as ignored. */
export function matchHeaders(kind: ImportKind, headers: string[]) {
  const lookup = new Map<string, string>();
  for (const column of COLUMNS[kind]) {
    for (const name of [column.zh, column.en, ...(column.aliases ?? [])]) {
      lookup.set(normalizeHeader(name), column.key);
      // "单价(元)" also matches "单价"
      lookup.set(normalizeHeader(name).replace(/\(.*\)$/, ''), column.key);
    }
  }
  const byIndex = new Map<number, string>();
  const ignored: string[] = [];
  const seen = new Set<string>();
  headers.forEach((header, index) => {
    const normalized = normalizeHeader(header);
    if (!normalized) return;
    const key = lookup.get(normalized) ?? lookup.get(normalized.replace(/\(.*\)$/, ''));
    if (key && !seen.has(key)) {
      byIndex.set(index, key);
      seen.add(key);
    } else {
      ignored.push(header);
    }
  });
  const missing = COLUMNS[kind].filter((c) => c.required && !seen.has(c.key));
  const headerOf = new Map<string, string>();
  for (const [index, key] of byIndex) headerOf.set(key, headers[index]);
  return { byIndex, ignored, missing, headerOf };
}

// ── enum words (import accepts Chinese and the codes; export writes Chinese) ─────────────────

export const KIND_WORDS: Record<string, 'person' | 'company'> = {
  个人: 'person',
  person: 'person',
  公司: 'company',
  企业: 'company',
  单位: 'company',
  company: 'company',
};
export const KIND_LABEL = { person: '个人', company: '公司' } as const;

export const ROLE_WORDS: Record<string, 'technical_lead' | 'admin_lead' | 'main_user' | 'purchaser' | 'other'> = {
  技术负责人: 'technical_lead',
  technical_lead: 'technical_lead',
  行政负责人: 'admin_lead',
  admin_lead: 'admin_lead',
  主要使用人: 'main_user',
  主要用户: 'main_user',
  main_user: 'main_user',
  采购: 'purchaser',
  采购员: 'purchaser',
  purchaser: 'purchaser',
  其他: 'other',
  other: 'other',
};

export const CHANNEL_WORDS: Record<string, 'phone' | 'sms' | 'email' | 'im' | 'letter' | 'on_site'> = {
  电话: 'phone',
  phone: 'phone',
  短信: 'sms',
  sms: 'sms',
  邮件: 'email',
  电子邮件: 'email',
  email: 'email',
  即时通讯: 'im',
  微信: 'im',
  im: 'im',
  信函: 'letter',
  letter: 'letter',
  上门: 'on_site',
  on_site: 'on_site',
};
export const CHANNEL_LABEL = {
  phone: '电话',
  sms: '短信',
  email: '邮件',
  im: '即时通讯',
  letter: '信函',
  on_site: '上门',
} as const;

export const UNIT_STATUS_WORDS: Record<string, 'in_service' | 'replaced' | 'returned' | 'scrapped'> = {
  在用: 'in_service',
  in_service: 'in_service',
  已更换: 'replaced',
  replaced: 'replaced',
  已退回: 'returned',
  returned: 'returned',
  已报废: 'scrapped',
  scrapped: 'scrapped',
};
export const UNIT_STATUS_LABEL = { in_service: '在用', replaced: '已更换', returned: '已退回', scrapped: '已报废' } as const;

export const ORDER_KIND_WORDS: Record<string, 'sale' | 'maintenance' | 'project' | 'service'> = {
  销售: 'sale',
  sale: 'sale',
  维保: 'maintenance',
  维护: 'maintenance',
  maintenance: 'maintenance',
  项目: 'project',
  project: 'project',
  服务: 'service',
  service: 'service',
};

export const CUSTOMER_STATUS_LABEL = { active: '正常', archived: '已归档', merged: '已合并' } as const;

const YES = new Set(['是', 'y', 'yes', 'true', '1', '√', '✓']);
const NO = new Set(['否', 'n', 'no', 'false', '0', '']);

/** 是/否 cells; undefined when the word is not a yes/no. */
export function parseYesNo(text: string): boolean | undefined {
  const t = text.trim().toLowerCase();
  if (YES.has(t)) return true;
  if (NO.has(t)) return false;
  return undefined;
}

export const yesNo = (value: unknown) => (value ? '是' : '否');

/**
 * A date cell: '2025-03-15', '2025/3/15', '2025.3.15', '2025年3月15日', or an Excel date serial.
 * Returns 'YYYY-MM-DD' or null when it is not a real date.
 */
export function parseDateCell(text: string): string | null {
  const t = text.trim();
  let m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(t);
  if (!m && /^\d{5}(\.0+)?$/.test(t)) {
    // Excel serial day number (1900 date system; 25569 = 1970-01-01)
    const date = new Date((Number(t) - 25569) * 86_400_000);
    m = [t, String(date.getUTCFullYear()), String(date.getUTCMonth() + 1), String(date.getUTCDate())] as any;
  }
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Yuan with at most two decimals ("1,299.50", "¥88") → exact integer fen; null when not a price. */
export function parseYuanToFen(text: string): number | null {
  const t = text
    .trim()
    .replace(/[¥￥,，\s]/g, '')
    .replace(/元$/, '');
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(t);
  if (!m) return null;
  const fen = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return Number.isSafeInteger(fen) ? fen : null;
}

export function fenToYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
