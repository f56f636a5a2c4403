import type { AddressInput, ContactInput, CreateCustomerRequest } from '../../contracts/customers.js';
import { namePinyin } from '../modules/customers/customer-text.js';
import { addDays } from '../modules/warranty/warranty-end.js';
import {
  COMPANY_KINDS,
  COMPANY_WORDS,
  DEMO_PRODUCTS,
  DEMO_REGIONS,
  type DemoProduct,
  type DemoRegion,
  GIVEN_NAMES,
  MOBILE_PREFIXES,
  PERSON_TAGS,
  SCHOOLS_AND_HOSPITALS,
  SURNAMES,
} from './demo-data.js';
import type { Random } from './random.js';

/**
 * The demo company's customers and what they bought, planned in memory (no database): a few
 * hundred households and companies in the regions of demo-data.ts, with contacts, addresses,
 * sales orders and the serial-numbered units of those orders. Deterministic for a given seed and
 * "today"; purchase dates spread over the last three years so that some units are in warranty
 * and some are not.
 */

export interface PlannedOrder {
  orderDate: string;
  kind: 'sale' | 'project';
  status: 'open' | 'completed' | 'cancelled';
  contractNumber: string | null;
  notes: string | null;
  lines: { model: string; quantity: number; unitPriceFen: number }[];
  /** contract override of the warranty, for project orders */
  warrantyOverrideMonths: number | null;
}

export interface PlannedUnit {
  model: string;
  /** index into the customer's orders */
  orderIndex: number;
  purchaseDate: string;
  serialFamily: DemoProduct['family'];
  status: 'in_service' | 'scrapped';
  notes: string | null;
}

export interface PlannedCustomer {
  /** CreateCustomerRequest without owner/region ids (resolved when seeding) */
  customer: Omit<CreateCustomerRequest, 'contacts' | 'addresses' | 'ownerUserId' | 'regionId'>;
  regionCode: string;
  /** index into the demo agents */
  ownerAgent: number;
  contacts: ContactInput[];
  addresses: (Omit<AddressInput, 'regionId'> & { regionCode: string })[];
  /** the customer was created shortly before his first order */
  createdAt: string;
  orders: PlannedOrder[];
  units: PlannedUnit[];
}

const productByModel = new Map(DEMO_PRODUCTS.map((p) => [p.model, p]));
const cityRegions = DEMO_REGIONS.filter((r): r is DemoRegion & { city: NonNullable<DemoRegion['city']> } => Boolean(r.city));

function mobile(random: Random): string {
  return `${random.pick(MOBILE_PREFIXES)}${random.digits(8)}`;
}

function landline(random: Random, areaCode: string): string {
  return `${areaCode}-${random.int(5, 8)}${random.digits(7)}`;
}

function personName(random: Random): string {
  return `${random.pick(SURNAMES)}${random.pick(GIVEN_NAMES)}`;
}

function emailLocal(name: string, random: Random): string {
  const full = namePinyin(name, 'person').namePinyin.split(' ')[0] || 'kehu';
  return `${full}${random.chance(0.5) ? random.int(1, 99) : ''}`;
}

/** A time during office hours in Shanghai (UTC+8) on the given date, as an ISO instant. */
function officeTime(random: Random, date: string): string {
  const hour = random.int(1, 9); // 09:00–17:59 Shanghai
  return `${date}T${String(hour).padStart(2, '0')}:${String(random.int(0, 59)).padStart(2, '0')}:${String(random.int(0, 59)).padStart(2, '0')}.000Z`;
}

function jitter(random: Random, value: number, spread: number): number {
  return Math.round((value + (random.next() - 0.5) * 2 * spread) * 1e6) / 1e6;
}

function address(
  random: Random,
  region: (typeof cityRegions)[number],
  kind: 'person' | 'company',
  label: string,
): PlannedCustomer['addresses'][number] {
  const c = region.city;
  const street = random.pick(c.streets);
  const line =
    kind === 'person'
      ? `${street}${random.int(10, 2999)}弄${random.int(1, 60)}号${random.int(1, 32)}0${random.int(1, 4)}室`
      : `${street}${random.int(1, 1999)}号${random.chance(0.5) ? `${random.pick(COMPANY_WORDS)}大厦${random.int(2, 28)}楼` : ''}`;
  return {
    regionCode: region.code,
    label,
    province: c.province,
    city: c.city,
    district: c.districts ? random.pick(c.districts) : region.name,
    line,
    postalCode: `${c.postalPrefix}${random.digits(2)}`,
    latitude: jitter(random, c.latitude, 0.04),
    longitude: jitter(random, c.longitude, 0.05),
  };
}

function productsFor(kind: 'person' | 'company'): DemoProduct[] {
  return DEMO_PRODUCTS.filter((p) => !p.discontinued && (p.buyers === 'both' || p.buyers === kind));
}

/** Orders and units of one customer, dated between `firstDate` and today. */
function planOrders(
  random: Random,
  input: {
    kind: 'person' | 'company';
    preferred: string[];
    orderCount: number;
    firstDate: string;
    today: string;
    contractSeq: () => number;
  },
): { orders: PlannedOrder[]; units: PlannedUnit[] } {
  const orders: PlannedOrder[] = [];
  const units: PlannedUnit[] = [];
  let date = input.firstDate;
  for (let i = 0; i < input.orderCount; i++) {
    if (i > 0) date = addDays(date, random.int(20, 240));
    if (date > input.today) break;
    const recent = addDays(input.today, -20) < date;
    const status: PlannedOrder['status'] = random.chance(0.03)
      ? 'cancelled'
      : recent && random.chance(0.4)
        ? 'open'
        : 'completed';
    const lineCount = input.kind === 'company' ? random.int(1, 3) : random.int(1, 2);
    const pool =
      input.kind === 'company' && input.preferred.length ? input.preferred : productsFor(input.kind).map((p) => p.model);
    const models = [...new Set(Array.from({ length: lineCount }, () => random.pick(pool)))];
    // discontinued products were still sold before they were discontinued: only in older orders
    const usable = models.filter((m) => !productByModel.get(m)!.discontinued || addDays(input.today, -400) > date);
    const chosen = usable.length ? usable : [random.pick(productsFor(input.kind)).model];
    const project = input.kind === 'company' && random.chance(0.3);
    const year = date.slice(0, 4);
    const contractNumber = input.kind === 'company' ? `HT-${year}-${String(input.contractSeq()).padStart(3, '0')}` : null;
    const lines = chosen.map((model) => {
      const product = productByModel.get(model)!;
      const quantity =
        input.kind === 'person'
          ? product.family === 'LED' || product.family === 'EL'
            ? random.int(1, 8)
            : 1
          : product.priceFen > 1_000_000
            ? random.int(1, 4)
            : random.int(5, 120);
      const discount = input.kind === 'company' ? random.pick([0.8, 0.85, 0.9]) : random.pick([1, 1, 0.95]);
      return { model, quantity, unitPriceFen: Math.round((product.priceFen * discount) / 100) * 100 };
    });
    const order: PlannedOrder = {
      orderDate: date,
      kind: project ? 'project' : 'sale',
      status,
      contractNumber,
      notes: project ? random.pick(['含安装调试', '分两批交货', '含一年免费巡检', null]) : null,
      lines,
      warrantyOverrideMonths: project ? random.pick([36, 60]) : null,
    };
    orders.push(order);
    if (status === 'cancelled') continue;
    for (const line of lines) {
      const product = productByModel.get(line.model)!;
      // units are registered for what needs service: every appliance, a few per batch of lamps
      const registered = Math.min(line.quantity, input.kind === 'person' ? 2 : 3);
      for (let u = 0; u < registered; u++) {
        const purchaseDate = addDays(date, input.kind === 'company' ? random.int(0, 10) : 0);
        if (purchaseDate > input.today) continue;
        const old = addDays(input.today, -900) > purchaseDate;
        units.push({
          model: line.model,
          orderIndex: orders.length - 1,
          purchaseDate,
          serialFamily: product.family,
          status: old && random.chance(0.05) ? 'scrapped' : 'in_service',
          notes: random.chance(0.05)
            ? random.pick(['安装在地下车库', '客户自行安装', '二次装修时移机', '靠近海边，注意防腐'])
            : null,
        });
      }
    }
  }
  return { orders, units };
}

/** Plan `persons` households and `companies` organisations as customers. */
export function planCustomers(
  random: Random,
  input: { today: string; persons: number; companies: number; agents: number },
): PlannedCustomer[] {
  const planned: PlannedCustomer[] = [];
  let contractCounter = 0;
  const contractSeq = () => {
    contractCounter += 1;
    return contractCounter;
  };
  const usedCompanyNames = new Set<string>();

  for (let i = 0; i < input.persons; i++) {
    const region = random.pick(cityRegions);
    const name = personName(random);
    const firstDate = addDays(input.today, -random.int(5, 1100));
    const orderCount = random.chance(0.15) ? random.int(3, 4) : random.int(1, 2);
    const { orders, units } = planOrders(random, {
      kind: 'person',
      preferred: [],
      orderCount,
      firstDate,
      today: input.today,
      contractSeq,
    });
    const phone = mobile(random);
    const vip = orderCount >= 3 && random.chance(0.4);
    planned.push({
      customer: {
        kind: 'person',
        name,
        class: vip ? 'B' : random.chance(0.1) ? 'D' : 'C',
        vip,
        preferredChannel: random.pick(['phone', 'phone', 'phone', 'sms', 'im'] as const),
        preferredContactHours: random.chance(0.3) ? random.pick(['工作日 18:00 以后', '周末全天', '上午 10:00-11:30']) : null,
        doNotDisturb: random.chance(0.02),
        reducedContact: random.chance(0.04),
        tags: random.chance(0.4) ? [random.pick(PERSON_TAGS)] : [],
        notes: random.chance(0.08) ? random.pick(['上门前请先电话联系', '小区需提前登记访客', '家中有老人，请白天上门']) : null,
      },
      regionCode: region.code,
      ownerAgent: random.int(0, input.agents - 1),
      contacts: [
        {
          name,
          role: 'main_user',
          phone,
          email: random.chance(0.3) ? `${emailLocal(name, random)}@example.com` : null,
          isPrimary: true,
        },
      ],
      addresses: [{ ...address(random, region, 'person', '家'), isDefault: true }],
      createdAt: officeTime(random, addDays(firstDate, -random.int(0, 3))),
      orders,
      units,
    });
  }

  for (let i = 0; i < input.companies; i++) {
    const region = random.pick(cityRegions);
    const cityShort = region.city.city.replace(/市$/, '');
    let name = '';
    let tags: string[] = [];
    let preferred: string[] = [];
    // a few tries for a name no other demo customer has; give up on this one otherwise
    for (let attempt = 0; attempt < 6 && (!name || usedCompanyNames.has(name)); attempt++) {
      if (random.chance(0.15)) {
        name = `${cityShort}市${random.pick(SCHOOLS_AND_HOSPITALS)}`;
        tags = ['学校医院'];
        preferred = ['HG-PL-6060', 'HG-DL-1215', 'HG-HP-200', 'HG-AC-72LW', 'HG-ERV-300'];
      } else {
        const kind = random.pick(COMPANY_KINDS);
        name = `${cityShort}${random.pick(COMPANY_WORDS)}${kind.suffix}`;
        tags = [...kind.tags];
        preferred = kind.buysMostly;
      }
    }
    if (usedCompanyNames.has(name)) continue;
    usedCompanyNames.add(name);
    const keyAccount = random.chance(0.12);
    const veryLarge = keyAccount && random.chance(0.3);
    const firstDate = addDays(input.today, -random.int(30, 1100));
    const orderCount = keyAccount ? random.int(3, 6) : random.int(1, 3);
    const { orders, units } = planOrders(random, {
      kind: 'company',
      preferred,
      orderCount,
      firstDate,
      today: input.today,
      contractSeq,
    });
    const initials = namePinyin(name, 'company').nameInitials || 'corp';
    const tech = personName(random);
    const admin = personName(random);
    const addresses = [{ ...address(random, region, 'company', '公司'), isDefault: true }];
    if (random.chance(0.4))
      addresses.push({ ...address(random, random.pick(cityRegions), 'company', '项目现场'), isDefault: false });
    if (keyAccount) tags.push('大客户');
    planned.push({
      customer: {
        kind: 'company',
        name,
        class: keyAccount ? 'A' : random.chance(0.5) ? 'B' : 'C',
        keyAccount,
        veryLargeAccount: veryLarge,
        vip: keyAccount && random.chance(0.5),
        preferredChannel: random.pick(['phone', 'phone', 'email'] as const),
        preferredContactHours: random.chance(0.5)
          ? random.pick(['工作日 10:00-11:30', '工作日 15:30-17:00', '工作日 09:00-17:00'])
          : null,
        doNotDisturb: false,
        reducedContact: random.chance(0.05),
        tags,
        notes: random.chance(0.2)
          ? random.pick(['维修需提前一天预约，走货梯', '夜间施工需物业审批', '月底对账', '设备间钥匙在物业中控室'])
          : null,
      },
      regionCode: region.code,
      ownerAgent: random.int(0, input.agents - 1),
      contacts: [
        {
          name: tech,
          role: 'technical_lead',
          phone: mobile(random),
          email: `${emailLocal(tech, random)}@${initials}.example.com`,
          isPrimary: true,
        },
        { name: admin, role: 'admin_lead', phone: landline(random, region.city.areaCode), email: null, isPrimary: false },
        ...(random.chance(0.3)
          ? [{ name: personName(random), role: 'purchaser' as const, phone: mobile(random), email: null, isPrimary: false }]
          : []),
      ],
      addresses,
      createdAt: officeTime(random, addDays(firstDate, -random.int(0, 10))),
      orders,
      units,
    });
  }
  return planned;
}
