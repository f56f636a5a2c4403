import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponses, idParam } from '../../../contracts/common.js';
import { createUnitRequest, unitDetail, unitListQuery, unitPage, updateUnitRequest } from '../../../contracts/customers.js';
import { type AppDeps, contextOf } from '../../platform/http.js';
import * as units from './units.service.js';

/** Units (设备/产品档案) with their warranty status. */
export function unitsRoutes(deps: AppDeps) {
  return async (instance: FastifyInstance) => {
    const app = instance.withTypeProvider<ZodTypeProvider>();
    const tags = ['units'];

    app.get(
      '/units',
      {
        schema: {
          tags,
          summary: '产品档案列表 List units (serial prefix, customer, product, status, in/out of warranty as of a date)',
          querystring: unitListQuery,
          response: { 200: unitPage, ...errorResponses },
        },
      },
      async (request) => units.listUnits(contextOf(request, deps), request.query),
    );

    app.post(
      '/units',
      {
        schema: {
          tags,
          summary: 'Register a unit; the serial number is unique per model (409 duplicate_serial)',
          body: createUnitRequest,
          response: { 201: unitDetail, ...errorResponses },
        },
      },
      async (request, reply) => reply.status(201).send(await units.createUnit(contextOf(request, deps), request.body)),
    );

    app.get(
      '/units/:id',
      {
        schema: {
          tags,
          summary: 'Unit with product, customer, warranty (end, in warranty today, reason) and its cases',
          params: idParam,
          response: { 200: unitDetail, ...errorResponses },
        },
      },
      async (request) => units.getUnit(contextOf(request, deps), request.params.id),
    );

    app.patch(
      '/units/:id',
      {
        schema: {
          tags,
          summary: 'Change a unit; the warranty end is recomputed',
          params: idParam,
          body: updateUnitRequest,
          response: { 200: unitDetail, ...errorResponses },
        },
      },
      async (request) => units.updateUnit(contextOf(request, deps), request.params.id, request.body),
    );
  };
}
