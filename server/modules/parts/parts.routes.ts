import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses, idParam } from '../../../contracts/common.js';
import {
  adjustStockRequest,
  createSparePartRequest,
  createStockLocationRequest,
  issueStockRequest,
  lowStockQuery,
  receiveStockRequest,
  releaseStockRequest,
  reserveStockRequest,
  returnStockRequest,
  setStockMinimumRequest,
  sparePart,
  sparePartListQuery,
  sparePartPage,
  stockCommandResult,
  stockLevel,
  stockLevelFilter,
  stockLevelListQuery,
  stockLevelPage,
  stockLocation,
  stockLocationListQuery,
  stockLocationPage,
  stockMovementListQuery,
  stockMovementPage,
  stockReservationListQuery,
  stockReservationPage,
  transferStockRequest,
  updateSparePartRequest,
  updateStockLocationRequest,
} from '../../../contracts/parts.js';
import { type AppDeps, contextOf } from '../../platform/http.js';
import * as parts from './parts.service.js';
import * as stock from './stock.service.js';

/** Spare parts and stock (R-PRT) under /api/v1. Thin: parse → one service call → response. */
export function partsRoutes(deps: AppDeps) {
  return async (instance: FastifyInstance) => {
    const app = instance.withTypeProvider<ZodTypeProvider>();
    const tags = ['parts'];

    // ------------------------------------------------------------ catalogue (备件目录)
    app.get(
      '/spare-parts',
      {
        schema: {
          tags,
          summary:
            '备件目录 List spare parts (q: code, name or spec; categoryId; productId; status; sort code|name|createdAt|updatedAt)',
          querystring: sparePartListQuery,
          response: { 200: sparePartPage, ...errorResponses },
        },
      },
      async (request) => parts.listSpareParts(contextOf(request, deps), request.query),
    );
    app.post(
      '/spare-parts',
      {
        schema: {
          tags,
          summary: '新建备件 Create a spare part',
          body: createSparePartRequest,
          response: { 201: sparePart, ...errorResponses },
        },
      },
      async (request, reply) => reply.status(201).send(await parts.createSparePart(contextOf(request, deps), request.body)),
    );
    app.get(
      '/spare-parts/:id',
      {
        schema: {
          tags,
          summary: 'Get a spare part with its stock totals',
          params: idParam,
          response: { 200: sparePart, ...errorResponses },
        },
      },
      async (request) => parts.getSparePart(contextOf(request, deps), request.params.id),
    );
    app.patch(
      '/spare-parts/:id',
      {
        schema: {
          tags,
          summary: 'Change a spare part (also discontinue / reactivate via status)',
          params: idParam,
          body: updateSparePartRequest,
          response: { 200: sparePart, ...errorResponses },
        },
      },
      async (request) => parts.updateSparePart(contextOf(request, deps), request.params.id, request.body),
    );

    // ------------------------------------------------------------ locations (仓库 / 车载库)
    app.get(
      '/stock-locations',
      {
        schema: {
          tags,
          summary: "库位 List stock locations: warehouses and technicians' vans",
          querystring: stockLocationListQuery,
          response: { 200: stockLocationPage, ...errorResponses },
        },
      },
      async (request) => parts.listStockLocations(contextOf(request, deps), request.query),
    );
    app.post(
      '/stock-locations',
      {
        schema: {
          tags,
          summary: "新建库位 Create a warehouse or a technician's van",
          body: createStockLocationRequest,
          response: { 201: stockLocation, ...errorResponses },
        },
      },
      async (request, reply) => reply.status(201).send(await parts.createStockLocation(contextOf(request, deps), request.body)),
    );
    app.get(
      '/stock-locations/:id',
      { schema: { tags, summary: 'Get a stock location', params: idParam, response: { 200: stockLocation, ...errorResponses } } },
      async (request) => parts.getStockLocation(contextOf(request, deps), request.params.id),
    );
    app.patch(
      '/stock-locations/:id',
      {
        schema: {
          tags,
          summary: 'Change, archive (only when empty) or restore a stock location',
          params: idParam,
          body: updateStockLocationRequest,
          response: { 200: stockLocation, ...errorResponses },
        },
      },
      async (request) => parts.updateStockLocation(contextOf(request, deps), request.params.id, request.body),
    );

    // ------------------------------------------------------------ stock levels (库存)
    app.get(
      '/stock-levels',
      {
        schema: {
          tags,
          summary:
            '库存 Stock per location and part (locationId, partId, locationKind, q, lowOnly, nonZero; sort partCode|partName|locationCode|onHand|updatedAt)',
          querystring: stockLevelListQuery,
          response: { 200: stockLevelPage, ...errorResponses },
        },
      },
      async (request) => stock.listStockLevels(contextOf(request, deps), request.query),
    );
    app.get(
      '/stock-levels/export',
      {
        schema: {
          tags,
          summary: '导出库存 Stock levels as an XLSX file with Chinese headers (same filters as the list)',
          querystring: stockLevelFilter.extend({ sort: z.string().max(64).optional() }),
          produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
          response: { ...errorResponses },
        },
      },
      async (request, reply) => {
        const file = await stock.exportStockLevels(contextOf(request, deps), request.query);
        const name = encodeURIComponent('库存.xlsx');
        return reply
          .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('content-disposition', `attachment; filename="stock.xlsx"; filename*=UTF-8''${name}`)
          .send(file as never); // a file, not JSON: no 200 schema, so no serializer touches it
      },
    );
    app.put(
      '/stock-levels/minimum',
      {
        schema: {
          tags,
          summary: "最低库存 Set (or clear) one location's own minimum for a part",
          body: setStockMinimumRequest,
          response: { 200: stockLevel, ...errorResponses },
        },
      },
      async (request) => stock.setStockMinimum(contextOf(request, deps), request.body),
    );
    app.get(
      '/parts/low-stock',
      {
        schema: {
          tags,
          summary: '库存预警 Stock levels below their minimum (R-PRT-4)',
          querystring: lowStockQuery,
          response: { 200: stockLevelPage, ...errorResponses },
        },
      },
      async (request) => stock.listLowStock(contextOf(request, deps), request.query),
    );

    // ------------------------------------------------------------ commands (出入库)
    const command = <B extends z.ZodTypeAny>(
      path: string,
      summary: string,
      body: B,
      run: (ctx: ReturnType<typeof contextOf>, input: z.infer<B>) => Promise<unknown>,
    ) =>
      app.post(
        path,
        { schema: { tags, summary, body, response: { 200: stockCommandResult, ...errorResponses } } },
        async (request) =>
          run(contextOf(request, deps), request.body as z.infer<B>) as Promise<z.infer<typeof stockCommandResult>>,
      );
    command(
      '/stock/receive',
      '入库 Receive stock into a location (supplier / purchase reference)',
      receiveStockRequest,
      stock.receiveStock,
    );
    command(
      '/stock/transfer',
      '调拨 Transfer stock between locations (both halves or nothing)',
      transferStockRequest,
      stock.transferStock,
    );
    command(
      '/stock/adjust',
      '库存调整 Adjust on hand with a mandatory reason (warehouse, admin)',
      adjustStockRequest,
      stock.adjustStock,
    );
    command('/stock/reserve', '预留 Reserve parts for an appointment or case', reserveStockRequest, stock.reserveParts);
    command(
      '/stock/release',
      '取消预留 Release one reservation or every active one of a reference',
      releaseStockRequest,
      (ctx, input) =>
        input.reservationId
          ? stock.releaseReservation(ctx, input.reservationId)
          : stock.releaseReservations(ctx, input.reference!),
    );
    command(
      '/stock/issue',
      '领用出库 Issue parts to a case / work order (reservations first)',
      issueStockRequest,
      stock.issueParts,
    );
    command('/stock/return', '退回 Return unused issued parts to a location', returnStockRequest, stock.returnParts);

    // ------------------------------------------------------------ ledger (出入库记录)
    app.get(
      '/stock-movements',
      {
        schema: {
          tags,
          summary: '出入库记录 The stock ledger (partId, locationId, kind, referenceType/Id, transferId, from/to; newest first)',
          querystring: stockMovementListQuery,
          response: { 200: stockMovementPage, ...errorResponses },
        },
      },
      async (request) => stock.listStockMovements(contextOf(request, deps), request.query),
    );
    app.get(
      '/stock-reservations',
      {
        schema: {
          tags,
          summary: '预留记录 Reservations (by reference, state, location, part)',
          querystring: stockReservationListQuery,
          response: { 200: stockReservationPage, ...errorResponses },
        },
      },
      async (request) => stock.listStockReservations(contextOf(request, deps), request.query),
    );
  };
}
