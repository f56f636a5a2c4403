/**
 * Is a unit (or a product bought on a proven date) in warranty on a given day, and why? (R-WAR-1)
 *
 * Pure: the service reads the unit, its product, the purchase proof and the unit's repair record
 * and passes them in. The answer names the basis the agent tells the customer, the dates behind
 * it, and message codes the UI translates (never free text).
 *
 * The rules, in order:
 * 1. Whole-unit warranty (整机保修):
 *    - a contract override on the unit (an explicit last covered day with its reason) wins, whether
 *      it is later or earlier than the catalogue default — basis 'contract_override';
 *    - else the unit's purchase date + the product's default months (warranty-end.ts convention:
 *      bought 2025-03-15, 12 months → covered through 2026-03-14) — basis 'catalogue_default';
 *    - a unit without a purchase date, or no unit at all, takes the date of the purchase proof
 *      (购买凭证) + the default months — basis 'purchase_proof'. A proof whose date differs from the
 *      unit's record is reported (message 'proof_date_differs'); the record on file wins.
 * 2. Post-repair warranty (维修后保修): a repair completed on day D is covered for the product's
 *    post-repair days counted from the day after D (民法典 第二百零一条: 开始的当日不计入) — completed
 *    2026-01-10 with 90 days → covered through 2026-04-10 — even when the unit's own warranty has
 *    ended by then. A repair completed after `asOf` is not known yet on that day and is ignored;
 *    0 post-repair days give no cover.
 * 3. On `asOf` the unit is in warranty when the whole-unit warranty or the post-repair warranty
 *    covers that day. The basis is the whole-unit warranty when it covers the day (it is the wider
 *    cover), else 'post_repair', else 'none'. coveredUntil is the latest covered day of the covers
 *    in effect (when out of warranty: the last day that was covered).
 * 4. Unknown: no purchase date anywhere, no override and no post-repair cover → inWarranty null
 *    (ask the customer for the purchase proof), basis 'none'.
 * 5. A unit that was replaced, returned (refunded) or scrapped is not covered any more (its cover
 *    moved to the replacement unit or ended with the refund) → inWarranty false, basis 'none'.
 * 6. A day before the purchase date is not covered (the product was not bought yet).
 */
import type { EntitlementBasis, EntitlementMessageCode } from '../../../contracts/warranty.js';
import { addDays, daysLeft, isValidDate, lastCoveredDay } from './warranty-end.js';

export interface EntitlementUnit {
  purchaseDate: string | null;
  /** contract override: last covered day */
  warrantyEndOverride: string | null;
  overrideReason: string | null;
  contractNumber: string | null;
  status?: 'in_service' | 'replaced' | 'returned' | 'scrapped';
}

export interface EntitlementProduct {
  defaultWarrantyMonths: number;
  postRepairWarrantyDays: number;
}

export interface PurchaseProof {
  purchaseDate: string;
  documentNumber?: string | null;
}

export interface RepairCover {
  /** local date the repair was completed (company time zone) */
  completedOn: string;
  /** post-repair warranty days that applied to that repair */
  days: number;
  /** the last covered day as recorded; default completedOn + days */
  coveredUntil?: string | null;
  caseNumber?: string | null;
}

export interface EntitlementInput {
  unit?: EntitlementUnit | null;
  product: EntitlementProduct;
  purchaseProof?: PurchaseProof | null;
  lastRepair?: RepairCover | null;
  asOf: string;
  /** 'expires_soon' when in warranty and at most this many days are left (default 30) */
  expiringSoonDays?: number;
}

export interface EntitlementMessage {
  code: EntitlementMessageCode;
  params: Record<string, string | number | null>;
}

export interface Entitlement {
  asOf: string;
  /** null when it cannot be known (no purchase date anywhere) */
  inWarranty: boolean | null;
  coveredUntil: string | null;
  /** whole days from asOf to coveredUntil (0 on the last covered day, negative once ended) */
  daysLeft: number | null;
  basis: EntitlementBasis;
  purchaseDate: string | null;
  purchaseDateSource: 'unit' | 'purchase_proof' | null;
  /** the catalogue default from the purchase date */
  standard: { months: number; end: string | null };
  contractOverride: { end: string; reason: string | null; contractNumber: string | null } | null;
  postRepair: { completedOn: string; days: number; coveredUntil: string; caseNumber: string | null; inEffect: boolean } | null;
  messages: EntitlementMessage[];
}

/** Input the rule cannot accept; the service maps `field` to the request field (400). */
export class EntitlementInputError extends Error {
  constructor(
    readonly field: 'asOf' | 'purchaseDate' | 'override' | 'lastRepair',
    message: string,
  ) {
    super(message);
    this.name = 'EntitlementInputError';
  }
}

const INACTIVE_STATUS: Record<string, EntitlementMessageCode> = {
  replaced: 'unit_replaced',
  returned: 'unit_returned',
  scrapped: 'unit_scrapped',
};

/**
 * Last day of the post-repair warranty of a repair completed on `completedOn`: the day of completion
 * is not counted, so 90 days from 2026-01-10 cover through 2026-04-10. 0 days → no cover (null).
 */
export function postRepairWarrantyEnd(completedOn: string, days: number): string | null {
  if (!isValidDate(completedOn)) throw new EntitlementInputError('lastRepair', `invalid date "${completedOn}"`);
  if (!Number.isInteger(days) || days < 0) throw new EntitlementInputError('lastRepair', 'days must be a whole number ≥ 0');
  return days === 0 ? null : addDays(completedOn, days);
}

function later(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return a >= b ? a : b;
}

export function entitlement(input: EntitlementInput): Entitlement {
  const { asOf, product } = input;
  if (!isValidDate(asOf)) throw new EntitlementInputError('asOf', `invalid date "${asOf}"`);
  const unit = input.unit ?? null;
  const proof = input.purchaseProof ?? null;
  if (unit?.purchaseDate && !isValidDate(unit.purchaseDate))
    throw new EntitlementInputError('purchaseDate', `invalid purchase date "${unit.purchaseDate}"`);
  if (proof && !isValidDate(proof.purchaseDate))
    throw new EntitlementInputError('purchaseDate', `invalid purchase date "${proof.purchaseDate}"`);
  if (unit?.warrantyEndOverride && !isValidDate(unit.warrantyEndOverride))
    throw new EntitlementInputError('override', `invalid warranty end "${unit.warrantyEndOverride}"`);
  const repairEndGiven = input.lastRepair?.coveredUntil;
  if (
    input.lastRepair &&
    (!isValidDate(input.lastRepair.completedOn) ||
      !Number.isInteger(input.lastRepair.days) ||
      (repairEndGiven != null && !isValidDate(repairEndGiven)))
  )
    throw new EntitlementInputError('lastRepair', 'invalid repair completion');

  const messages: EntitlementMessage[] = [];

  // 1. whole-unit warranty
  let purchaseDate: string | null = null;
  let purchaseDateSource: Entitlement['purchaseDateSource'] = null;
  if (unit?.purchaseDate) {
    purchaseDate = unit.purchaseDate;
    purchaseDateSource = 'unit';
    if (proof && proof.purchaseDate !== unit.purchaseDate) {
      messages.push({ code: 'proof_date_differs', params: { recordDate: unit.purchaseDate, proofDate: proof.purchaseDate } });
    }
  } else if (proof) {
    purchaseDate = proof.purchaseDate;
    purchaseDateSource = 'purchase_proof';
  }
  const months = product.defaultWarrantyMonths;
  const standardEnd = purchaseDate ? lastCoveredDay(purchaseDate, months) : null;
  const override = unit?.warrantyEndOverride ?? null;
  const baseEnd = override ?? standardEnd;
  const baseBasis: EntitlementBasis = override
    ? 'contract_override'
    : purchaseDateSource === 'unit'
      ? 'catalogue_default'
      : purchaseDateSource === 'purchase_proof'
        ? 'purchase_proof'
        : 'none';
  const beforePurchase = purchaseDate !== null && asOf < purchaseDate;
  const baseCovers = baseEnd !== null && asOf <= baseEnd && !beforePurchase;

  // 2. post-repair warranty
  let postRepair: Entitlement['postRepair'] = null;
  const repair = input.lastRepair ?? null;
  const until = repair && repair.completedOn <= asOf ? (repair.coveredUntil ?? postRepairWarrantyEnd(repair.completedOn, repair.days)) : null;
  if (repair && until && until >= repair.completedOn && repair.days > 0) {
    postRepair = {
      completedOn: repair.completedOn,
      days: repair.days,
      coveredUntil: until,
      caseNumber: repair.caseNumber ?? null,
      inEffect: asOf <= until,
    };
  }
  const repairCovers = postRepair?.inEffect ?? false;

  // 3. the answer
  const inactive = unit?.status && unit.status !== 'in_service' ? INACTIVE_STATUS[unit.status] : undefined;
  let inWarranty: boolean | null;
  let basis: EntitlementBasis;
  let coveredUntil: string | null;
  if (inactive) {
    inWarranty = false;
    basis = 'none';
    coveredUntil = later(baseEnd, postRepair?.coveredUntil ?? null);
  } else if (baseCovers || repairCovers) {
    inWarranty = true;
    basis = baseCovers ? baseBasis : 'post_repair';
    coveredUntil = later(baseCovers ? baseEnd : null, repairCovers ? postRepair!.coveredUntil : null);
  } else {
    inWarranty = baseEnd === null && postRepair === null && !beforePurchase ? null : false;
    basis = 'none';
    coveredUntil = later(baseEnd, postRepair?.coveredUntil ?? null);
  }
  const left = daysLeft(coveredUntil, asOf);

  // 4. what the agent reads
  if (inactive) messages.unshift({ code: inactive, params: {} });
  if (inWarranty === true) messages.unshift({ code: 'in_warranty', params: { until: coveredUntil, daysLeft: left } });
  else if (inWarranty === false) messages.unshift({ code: 'out_of_warranty', params: { endedOn: beforePurchase ? null : coveredUntil } });
  else messages.unshift({ code: 'warranty_unknown', params: {} });

  if (beforePurchase) messages.push({ code: 'before_purchase', params: { purchaseDate } });
  if (override) {
    messages.push({
      code: 'contract_override',
      params: {
        end: override,
        reason: unit?.overrideReason ?? null,
        contractNumber: unit?.contractNumber ?? null,
        standardEnd,
      },
    });
  } else if (purchaseDateSource === 'unit') {
    messages.push({ code: 'catalogue_default', params: { purchaseDate, months, end: standardEnd } });
  } else if (purchaseDateSource === 'purchase_proof') {
    messages.push({
      code: 'purchase_date_from_proof',
      params: { purchaseDate, months, end: standardEnd, documentNumber: proof?.documentNumber ?? null },
    });
  } else {
    messages.push({ code: 'purchase_date_unknown', params: {} });
  }
  if (postRepair) {
    const params = {
      completedOn: postRepair.completedOn,
      days: postRepair.days,
      until: postRepair.coveredUntil,
      caseNumber: postRepair.caseNumber,
    };
    if (!postRepair.inEffect) messages.push({ code: 'post_repair_expired', params });
    else if (!baseCovers) messages.push({ code: 'post_repair_cover', params });
    else if (baseEnd !== null && postRepair.coveredUntil > baseEnd) messages.push({ code: 'post_repair_extends', params });
  }
  if (inWarranty === true && left !== null && left <= (input.expiringSoonDays ?? 30)) {
    messages.push({ code: 'expires_soon', params: { until: coveredUntil, daysLeft: left } });
  }

  return {
    asOf,
    inWarranty,
    coveredUntil,
    daysLeft: left,
    basis,
    purchaseDate,
    purchaseDateSource,
    standard: { months, end: standardEnd },
    contractOverride: override
      ? { end: override, reason: unit?.overrideReason ?? null, contractNumber: unit?.contractNumber ?? null }
      : null,
    postRepair,
    messages,
  };
}
