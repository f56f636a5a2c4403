/**
 * The shape of a generated company, shared by the generator's parts (bench/lib/company.ts writes
 * customers, units and cases; bench/lib/service-history.ts writes what hangs off the cases:
 * complaints, follow-ups, parts movements, warranty claims).
 */

/** deterministic pseudo-random numbers in [0, 1) */
export type Rng = () => number;

/** rows to insert, by table name; every row of a table has every column (SQLite writes a missing one as NULL) */
export type Rows = Record<string, Record<string, unknown>[]>;

export interface Party {
  customerId: string;
  customerName: string;
  contactId: string;
  phone: string;
  unitId: string;
  serial: string;
  productId: string;
  regionId: string;
}

export interface Product {
  id: string;
  model: string;
  name: string;
  categoryId: string;
}

export interface World {
  nowMs: number;
  rand: Rng;
  agentIds: string[];
  technicianIds: string[];
  /** quality engineers (complaint owners, CAPA) */
  qualityIds: string[];
  managerIds: string[];
  products: Product[];
  regionIds: string[];
  parties: Party[];
  /** the seeded reference data the service history hangs off (readServiceReference in service-history.ts);
   *  without it, referenceRows() writes its own categories, questionnaire and follow-up rules */
  serviceReference?: ServiceReference;
}

/** Reference rows seeded by ensureReferenceData that complaints and follow-ups point at. */
export interface ServiceReference {
  complaintCategories: { id: string; code: string; parentId: string | null; resolutionKind: string | null }[];
  followupRules: {
    id: string;
    triggerKind: string;
    purpose: 'follow_up' | 'survey';
    caseTypes: string[];
    delayHours: number;
    windowHours: number;
    samplingPercent: number;
    channel: string;
    assignee: string;
    priority: number;
    questionnaireId: string | null;
    caseDemanded: boolean;
    restricted: boolean;
  }[];
  questionnaires: { id: string; questions: unknown[] }[];
  /** departments named as responsible in complaints and owning corrective actions */
  departmentIds: string[];
  /** follow-up attempts before a task is unreached (settings) */
  maxAttempts: number;
}

/** One generated case as the case generator wrote it (table `cases`), for the rows that hang off it. */
export interface GeneratedCase {
  id: string;
  number: string;
  type: 'repair' | 'consultation' | 'complaint' | 'warranty_claim' | 'return';
  state: string;
  party: Party;
  ownerId: string;
  /** repair cases past dispatch */
  technicianId: string | null;
  repairOrderId: string | null;
  title: string;
  /** the case's severity column (general | important | major), when the generator knows it */
  severity?: string;
  createdMs: number;
  createdAt: string;
  /** null while open */
  closedAt: string | null;
}
