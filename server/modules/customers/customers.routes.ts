import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponses, idParam } from '../../../contracts/common.js';
import {
  address,
  addressInput,
  archiveRequest,
  contact,
  contactInput,
  createCustomerRequest,
  customerDetail,
  customerListQuery,
  customerPage,
  lookupQuery,
  lookupResult,
  updateAddressRequest,
  updateContactRequest,
  updateCustomerRequest,
} from '../../../contracts/customers.js';
import { type AppDeps, contextOf } from '../../platform/http.js';
import * as customers from './customers.service.js';
import { ordersRoutes } from './orders.routes.js';
import { transferRoutes } from './transfer.routes.js';
import { unitsRoutes } from './units.routes.js';

/** Customer registry routes: customers, contacts, addresses, lookup; units, orders, import/export. */
export function customersRoutes(deps: AppDeps) {
  return async (instance: FastifyInstance) => {
    const app = instance.withTypeProvider<ZodTypeProvider>();
    const tags = ['customers'];

    app.get(
      '/customers',
      {
        schema: {
          tags,
          summary: '顾客档案列表 List customers (filters, sort by pinyin name / code / createdAt)',
          querystring: customerListQuery,
          response: { 200: customerPage, ...errorResponses },
        },
      },
      async (request) => customers.listCustomers(contextOf(request, deps), request.query),
    );

    app.get(
      '/customers/lookup',
      {
        schema: {
          tags,
          summary: '来电查找 Find customers as you type: name, pinyin, phone (start or last digits), e-mail, serial number, code',
          querystring: lookupQuery,
          response: { 200: lookupResult, ...errorResponses },
        },
      },
      async (request) => customers.lookupCustomers(contextOf(request, deps), request.query.q, request.query.limit),
    );

    app.post(
      '/customers',
      {
        schema: {
          tags,
          summary: '新建客户 Create a customer with its contacts and addresses',
          body: createCustomerRequest,
          response: { 201: customerDetail, ...errorResponses },
        },
      },
      async (request, reply) => reply.status(201).send(await customers.createCustomer(contextOf(request, deps), request.body)),
    );

    app.get(
      '/customers/:id',
      {
        schema: {
          tags,
          summary: 'Customer with contacts, addresses, units (warranty status), orders summary and counts',
          params: idParam,
          response: { 200: customerDetail, ...errorResponses },
        },
      },
      async (request) => customers.getCustomer(contextOf(request, deps), request.params.id),
    );

    app.patch(
      '/customers/:id',
      {
        schema: {
          tags,
          summary: 'Change a customer (optimistic concurrency: send the version you read)',
          params: idParam,
          body: updateCustomerRequest,
          response: { 200: customerDetail, ...errorResponses },
        },
      },
      async (request) => customers.updateCustomer(contextOf(request, deps), request.params.id, request.body),
    );

    app.post(
      '/customers/:id/archive',
      {
        schema: {
          tags,
          summary: 'Archive a customer',
          params: idParam,
          body: archiveRequest,
          response: { 200: customerDetail, ...errorResponses },
        },
      },
      async (request) => customers.archiveCustomer(contextOf(request, deps), request.params.id, request.body.version),
    );

    app.post(
      '/customers/:id/contacts',
      {
        schema: {
          tags,
          summary: 'Add a contact',
          params: idParam,
          body: contactInput,
          response: { 201: contact, ...errorResponses },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await customers.addContact(contextOf(request, deps), request.params.id, request.body)),
    );

    app.patch(
      '/customer-contacts/:id',
      {
        schema: {
          tags,
          summary: 'Change a contact',
          params: idParam,
          body: updateContactRequest,
          response: { 200: contact, ...errorResponses },
        },
      },
      async (request) => customers.updateContact(contextOf(request, deps), request.params.id, request.body),
    );

    app.post(
      '/customer-contacts/:id/archive',
      {
        schema: {
          tags,
          summary: 'Archive a contact',
          params: idParam,
          body: archiveRequest,
          response: { 200: contact, ...errorResponses },
        },
      },
      async (request) => customers.archiveContact(contextOf(request, deps), request.params.id, request.body.version),
    );

    app.post(
      '/customers/:id/addresses',
      {
        schema: {
          tags,
          summary: 'Add an address',
          params: idParam,
          body: addressInput,
          response: { 201: address, ...errorResponses },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await customers.addAddress(contextOf(request, deps), request.params.id, request.body)),
    );

    app.patch(
      '/customer-addresses/:id',
      {
        schema: {
          tags,
          summary: 'Change an address',
          params: idParam,
          body: updateAddressRequest,
          response: { 200: address, ...errorResponses },
        },
      },
      async (request) => customers.updateAddress(contextOf(request, deps), request.params.id, request.body),
    );

    app.post(
      '/customer-addresses/:id/archive',
      {
        schema: {
          tags,
          summary: 'Archive an address',
          params: idParam,
          body: archiveRequest,
          response: { 200: address, ...errorResponses },
        },
      },
      async (request) => customers.archiveAddress(contextOf(request, deps), request.params.id, request.body.version),
    );

    await app.register(unitsRoutes(deps));
    await app.register(ordersRoutes(deps));
    await app.register(transferRoutes(deps));
  };
}
