import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponses, idParam } from '../../../contracts/common.js';
import {
  archiveRequest,
  createOrderRequest,
  orderDetail,
  orderListQuery,
  orderPage,
  updateOrderRequest,
} from '../../../contracts/customers.js';
import { type AppDeps, contextOf } from '../../platform/http.js';
import * as orders from './orders.service.js';

/** Sales orders / transactions of customers. */
export function ordersRoutes(deps: AppDeps) {
  return async (instance: FastifyInstance) => {
    const app = instance.withTypeProvider<ZodTypeProvider>();
    const tags = ['orders'];

    app.get(
      '/orders',
      {
        schema: {
          tags,
          summary: '订单列表 List orders (customer, date range, status, number prefix)',
          querystring: orderListQuery,
          response: { 200: orderPage, ...errorResponses },
        },
      },
      async (request) => orders.listOrders(contextOf(request, deps), request.query),
    );

    app.post(
      '/orders',
      {
        schema: {
          tags,
          summary: 'Record an order; total = Σ quantity × unit price (fen)',
          body: createOrderRequest,
          response: { 201: orderDetail, ...errorResponses },
        },
      },
      async (request, reply) => reply.status(201).send(await orders.createOrder(contextOf(request, deps), request.body)),
    );

    app.get(
      '/orders/:id',
      { schema: { tags, summary: 'Order with its lines', params: idParam, response: { 200: orderDetail, ...errorResponses } } },
      async (request) => orders.getOrder(contextOf(request, deps), request.params.id),
    );

    app.patch(
      '/orders/:id',
      {
        schema: {
          tags,
          summary: 'Change an order (lines, when given, replace the old ones)',
          params: idParam,
          body: updateOrderRequest,
          response: { 200: orderDetail, ...errorResponses },
        },
      },
      async (request) => orders.updateOrder(contextOf(request, deps), request.params.id, request.body),
    );

    app.post(
      '/orders/:id/cancel',
      {
        schema: {
          tags,
          summary: 'Cancel an order',
          params: idParam,
          body: archiveRequest,
          response: { 200: orderDetail, ...errorResponses },
        },
      },
      async (request) => orders.cancelOrder(contextOf(request, deps), request.params.id, request.body.version),
    );
  };
}
