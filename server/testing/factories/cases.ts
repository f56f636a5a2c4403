import type { OpenCaseRequest, OpenCaseResponse } from '../../../contracts/cases.js';
import type { CustomerDetail, UnitDetail } from '../../../contracts/customers.js';
import { ensureCalendarSeeded } from '../../modules/calendar/calendar.service.js';
import { ensureCaseReferenceData } from '../../modules/cases/cases.seed.js';
import { openCase } from '../../modules/cases/cases.service.js';
import { createCustomer } from '../../modules/customers/customers.service.js';
import { createUnit } from '../../modules/customers/units.service.js';
import type { ServiceContext } from '../../platform/context.js';
import { newId } from '../../platform/ids.js';
import type { Role, UserActor } from '../../platform/permissions.js';
import { customerInput, makeProduct, unitInput } from './customers.js';

/** Test data for the case core, made through the services (so every rule holds). */

let sequence = 0;
const next = () => {
  sequence += 1;
  return sequence;
};

/**
 * What server/startup.ts makes before cases can be opened: the company calendar (2026 holidays)
 * and the case types with their default policies. Call it in beforeAll of a test that opens cases.
 */
export async function prepareCaseCore(ctx: ServiceContext): Promise<void> {
  await ensureCalendarSeeded(ctx);
  await ensureCaseReferenceData(ctx);
}

/** The same context acting as a user (roles as given), e.g. to open a case the user then owns. */
export function actingAs(
  ctx: ServiceContext,
  user: { id: string; roles: Role[]; username?: string; displayName?: string; departmentId?: string | null },
): ServiceContext {
  const actor: UserActor = {
    kind: 'user',
    id: user.id,
    username: user.username ?? `user-${user.id.slice(-6)}`,
    displayName: user.displayName ?? '测试用户',
    roles: user.roles,
    departmentId: user.departmentId ?? null,
  };
  return { ...ctx, actor };
}

/** A customer with one contact (phone given or unique) and a unit of a new product. */
export async function makeCaller(
  ctx: ServiceContext,
  fields: { name?: string; phone?: string; email?: string; serialNumber?: string; latitude?: number; longitude?: number } = {},
): Promise<{ customer: CustomerDetail; unit: UnitDetail; phone: string }> {
  const n = next();
  const phone = fields.phone ?? `137${String(Date.now() % 100_000).padStart(5, '0')}${String(n).padStart(3, '0')}`;
  const base = customerInput();
  const customer = await createCustomer(ctx, {
    ...base,
    name: fields.name ?? base.name,
    contacts: [
      {
        name: `联系人${n}`,
        role: 'main_user',
        phone,
        email: fields.email ?? `caller${n}.${Date.now()}@example.com`,
        isPrimary: true,
      },
    ],
    addresses: [
      {
        province: '广东省',
        city: '深圳市',
        district: '南山区',
        line: `科技园路${n}号`,
        latitude: fields.latitude ?? 22.54,
        longitude: fields.longitude ?? 113.95,
        isDefault: true,
      },
    ],
  });
  const product = await makeProduct(ctx.db);
  const unit = await createUnit(
    ctx,
    unitInput(product.id, customer.id, fields.serialNumber ? { serialNumber: fields.serialNumber } : {}),
  );
  return { customer, unit, phone };
}

export function caseInput(overrides: Partial<OpenCaseRequest> = {}): OpenCaseRequest {
  const n = next();
  return { type: 'repair', channel: 'phone', title: `测试报修${n} 设备不工作`, ...overrides };
}

/** Open a case as `ctx.actor` (a user context owns it; see actingAs). */
export async function makeCase(ctx: ServiceContext, overrides: Partial<OpenCaseRequest> = {}): Promise<OpenCaseResponse> {
  return openCase(ctx, caseInput(overrides));
}

export const unknownId = () => newId();
