import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponses, idParam } from '../../../contracts/common.js';
import {
  analyseDefectivePartRequest,
  claimActionRequest,
  claimView,
  createDefectivePartRequest,
  defectivePartListQuery,
  defectivePartPage,
  defectivePartView,
  entitlementAsOfQuery,
  entitlementLookup,
  entitlementLookupQuery,
  openClaimRequest,
  refundActionRequest,
  refundCheck,
  refundFactsInput,
  refundView,
  replacementActionRequest,
  replacementView,
  rmaActionRequest,
  rmaListQuery,
  rmaPage,
  rmaView,
  unitEntitlement,
  updateProofRequest,
  updateWarrantySettingsRequest,
  warrantySettings,
} from '../../../contracts/warranty.js';
import { type AppDeps, contextOf } from '../../platform/http.js';
import * as remedies from './remedies.service.js';
import * as warranty from './warranty.service.js';
import * as settings from './warranty.settings.js';

/** Warranty, returns and 三包 under /api/v1. Thin: parse → one service call → response. */
export function warrantyRoutes(deps: AppDeps) {
  return async (instance: FastifyInstance) => {
    const app = instance.withTypeProvider<ZodTypeProvider>();
    const tags = ['warranty'];

    // ── entitlement (R-WAR-1) ──
    app.get(
      '/units/:id/entitlement',
      {
        schema: {
          tags,
          summary: '保修判定 Entitlement of a unit (in/out of warranty and why)',
          params: idParam,
          querystring: entitlementAsOfQuery,
          response: { 200: unitEntitlement, ...errorResponses },
        },
      },
      async (request) => warranty.getUnitEntitlement(contextOf(request, deps), request.params.id, request.query.asOf),
    );
    app.get(
      '/entitlement',
      {
        schema: {
          tags,
          summary: '保修查询 Entitlement by serial number (or model + purchase date of the proof)',
          querystring: entitlementLookupQuery,
          response: { 200: entitlementLookup, ...errorResponses },
        },
      },
      async (request) => warranty.lookupEntitlement(contextOf(request, deps), request.query),
    );

    // ── claims (R-WAR-2) ──
    app.post(
      '/warranty/claims',
      {
        schema: {
          tags,
          summary: '保修申请 Open a warranty claim or a return with the purchase proof',
          body: openClaimRequest,
          response: { 201: claimView, ...errorResponses },
        },
      },
      async (request, reply) => reply.status(201).send(await warranty.openClaim(contextOf(request, deps), request.body)),
    );
    app.get(
      '/warranty/claims/:id',
      {
        schema: {
          tags,
          summary: '保修申请详情 A claim with its case, eligibility, decisions and remedies',
          params: idParam,
          response: { 200: claimView, ...errorResponses },
        },
      },
      async (request) => warranty.getClaim(contextOf(request, deps), request.params.id),
    );
    app.put(
      '/warranty/claims/:id/purchase-proof',
      {
        schema: {
          tags,
          summary: '购买凭证 Record or change the purchase proof (until the decision)',
          params: idParam,
          body: updateProofRequest,
          response: { 200: claimView, ...errorResponses },
        },
      },
      async (request) => warranty.updatePurchaseProof(contextOf(request, deps), request.params.id, request.body),
    );
    app.post(
      '/warranty/claims/:id/actions',
      {
        schema: {
          tags,
          summary: '保修处理 Reply, review eligibility, decide repair/replace/refund/reject, complete, send the result',
          params: idParam,
          body: claimActionRequest,
          response: { 200: claimView, ...errorResponses },
        },
      },
      async (request) => warranty.applyClaimAction(contextOf(request, deps), request.params.id, request.body),
    );
    app.post(
      '/warranty/claims/:id/refund-check',
      {
        schema: {
          tags,
          summary: '退货条件检查 Which refund rule holds for these facts (nothing is changed)',
          params: idParam,
          body: refundFactsInput,
          response: { 200: refundCheck, ...errorResponses },
        },
      },
      async (request) => warranty.checkRefund(contextOf(request, deps), request.params.id, request.body),
    );

    // ── return to factory (R-WAR-3) ──
    app.get(
      '/warranty/rmas',
      {
        schema: {
          tags,
          summary: '返厂列表 Return-to-factory orders (filter by state, case, overdue ship-back)',
          querystring: rmaListQuery,
          response: { 200: rmaPage, ...errorResponses },
        },
      },
      async (request) => remedies.listRmas(contextOf(request, deps), request.query),
    );
    app.get(
      '/warranty/rmas/:id',
      {
        schema: { tags, summary: '返厂单 A return-to-factory order', params: idParam, response: { 200: rmaView, ...errorResponses } },
      },
      async (request) => remedies.getRma(contextOf(request, deps), request.params.id),
    );
    app.post(
      '/warranty/rmas/:id/actions',
      {
        schema: {
          tags,
          summary: '返厂进度 Ship to factory, received, repaired, shipped back, received by the customer',
          params: idParam,
          body: rmaActionRequest,
          response: { 200: rmaView, ...errorResponses },
        },
      },
      async (request) => remedies.applyRmaAction(contextOf(request, deps), request.params.id, request.body),
    );

    // ── replacement (R-WAR-4) ──
    app.get(
      '/warranty/replacements/:id',
      {
        schema: { tags, summary: '换货 A replacement', params: idParam, response: { 200: replacementView, ...errorResponses } },
      },
      async (request) => remedies.getReplacement(contextOf(request, deps), request.params.id),
    );
    app.post(
      '/warranty/replacements/:id/actions',
      {
        schema: {
          tags,
          summary: '换货进度 Record the new unit, inspection, customer acceptance',
          params: idParam,
          body: replacementActionRequest,
          response: { 200: replacementView, ...errorResponses },
        },
      },
      async (request) => remedies.applyReplacementAction(contextOf(request, deps), request.params.id, request.body),
    );

    // ── refund (R-WAR-5) ──
    app.get(
      '/warranty/refunds/:id',
      { schema: { tags, summary: '退货退款 A refund', params: idParam, response: { 200: refundView, ...errorResponses } } },
      async (request) => remedies.getRefund(contextOf(request, deps), request.params.id),
    );
    app.post(
      '/warranty/refunds/:id/actions',
      {
        schema: {
          tags,
          summary: '退款支付 Record the payment of an approved refund (finance)',
          params: idParam,
          body: refundActionRequest,
          response: { 200: refundView, ...errorResponses },
        },
      },
      async (request) => remedies.applyRefundAction(contextOf(request, deps), request.params.id, request.body),
    );

    // ── defective parts (R-WAR-6) ──
    app.get(
      '/warranty/defective-parts',
      {
        schema: {
          tags,
          summary: '三包件列表 Defective-part returns for quality analysis (by product, period, disposition)',
          querystring: defectivePartListQuery,
          response: { 200: defectivePartPage, ...errorResponses },
        },
      },
      async (request) => remedies.listDefectiveParts(contextOf(request, deps), request.query),
    );
    app.post(
      '/warranty/defective-parts',
      {
        schema: {
          tags,
          summary: '登记三包件 Record a returned defective part',
          body: createDefectivePartRequest,
          response: { 201: defectivePartView, ...errorResponses },
        },
      },
      async (request, reply) => reply.status(201).send(await remedies.createDefectivePart(contextOf(request, deps), request.body)),
    );
    app.get(
      '/warranty/defective-parts/:id',
      {
        schema: { tags, summary: '三包件 A defective-part return', params: idParam, response: { 200: defectivePartView, ...errorResponses } },
      },
      async (request) => remedies.getDefectivePart(contextOf(request, deps), request.params.id),
    );
    app.post(
      '/warranty/defective-parts/:id/analysis',
      {
        schema: {
          tags,
          summary: '三包件分析 Quality analysis and disposition',
          params: idParam,
          body: analyseDefectivePartRequest,
          response: { 200: defectivePartView, ...errorResponses },
        },
      },
      async (request) => remedies.analyseDefectivePart(contextOf(request, deps), request.params.id, request.body),
    );

    // ── settings ──
    app.get(
      '/warranty/settings',
      { schema: { tags, summary: '三包设置 Warranty settings', response: { 200: warrantySettings, ...errorResponses } } },
      async (request) => settings.getWarrantySettings(contextOf(request, deps)),
    );
    app.put(
      '/warranty/settings',
      {
        schema: {
          tags,
          summary: '修改三包设置 Change the warranty settings',
          body: updateWarrantySettingsRequest,
          response: { 200: warrantySettings, ...errorResponses },
        },
      },
      async (request) => settings.updateWarrantySettings(contextOf(request, deps), request.body),
    );
  };
}
