import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  catalogDefaults,
  createProductCategoryRequest,
  createProductRequest,
  product,
  productCategory,
  productCategoryListQuery,
  productCategoryPage,
  productListQuery,
  productPage,
  updateCatalogDefaultsRequest,
  updateProductCategoryRequest,
  updateProductRequest,
  versionOnlyRequest,
} from '../../../contracts/catalog.js';
import { errorResponses, idParam } from '../../../contracts/common.js';
import { archiveRestoreRoutes } from '../../platform/archive-routes.js';
import { type AppDeps, contextOf } from '../../platform/http.js';
import * as catalog from './catalog.service.js';

/** Product catalogue (R-CUS-2) under /api/v1. Thin: parse → one service call → response. */
export function catalogRoutes(deps: AppDeps) {
  return async (instance: FastifyInstance) => {
    const app = instance.withTypeProvider<ZodTypeProvider>();
    const tags = ['catalog'];

    // ------------------------------------------------------------ categories
    app.get(
      '/product-categories',
      {
        schema: {
          tags,
          summary: '产品类别 List product categories',
          querystring: productCategoryListQuery,
          response: { 200: productCategoryPage, ...errorResponses },
        },
      },
      async (request) => catalog.listCategories(contextOf(request, deps), request.query),
    );
    app.post(
      '/product-categories',
      {
        schema: {
          tags,
          summary: '新建产品类别 Create a product category',
          body: createProductCategoryRequest,
          response: { 201: productCategory, ...errorResponses },
        },
      },
      async (request, reply) => reply.status(201).send(await catalog.createCategory(contextOf(request, deps), request.body)),
    );
    app.get(
      '/product-categories/:id',
      {
        schema: {
          tags,
          summary: 'Get a product category',
          params: idParam,
          response: { 200: productCategory, ...errorResponses },
        },
      },
      async (request) => catalog.getCategory(contextOf(request, deps), request.params.id),
    );
    app.patch(
      '/product-categories/:id',
      {
        schema: {
          tags,
          summary: 'Change a product category',
          params: idParam,
          body: updateProductCategoryRequest,
          response: { 200: productCategory, ...errorResponses },
        },
      },
      async (request) => catalog.updateCategory(contextOf(request, deps), request.params.id, request.body),
    );
    archiveRestoreRoutes(app, deps, {
      path: '/product-categories',
      tags,
      record: productCategory,
      summaries: { archive: 'Archive a product category', restore: 'Restore an archived product category' },
      setArchived: catalog.setCategoryArchived,
    });

    // ------------------------------------------------------------ products
    app.get(
      '/products',
      {
        schema: {
          tags,
          summary: '产品目录 List products (q: model or name; categoryId; status; sort model|name)',
          querystring: productListQuery,
          response: { 200: productPage, ...errorResponses },
        },
      },
      async (request) => catalog.listProducts(contextOf(request, deps), request.query),
    );
    app.post(
      '/products',
      {
        schema: {
          tags,
          summary: '新建产品 Create a product (warranty terms default to the company setting)',
          body: createProductRequest,
          response: { 201: product, ...errorResponses },
        },
      },
      async (request, reply) => reply.status(201).send(await catalog.createProduct(contextOf(request, deps), request.body)),
    );
    app.get(
      '/products/:id',
      { schema: { tags, summary: 'Get a product', params: idParam, response: { 200: product, ...errorResponses } } },
      async (request) => catalog.getProduct(contextOf(request, deps), request.params.id),
    );
    app.patch(
      '/products/:id',
      {
        schema: {
          tags,
          summary: 'Change a product',
          params: idParam,
          body: updateProductRequest,
          response: { 200: product, ...errorResponses },
        },
      },
      async (request) => catalog.updateProduct(contextOf(request, deps), request.params.id, request.body),
    );
    app.post(
      '/products/:id/discontinue',
      {
        schema: {
          tags,
          summary: '停产 Discontinue a product',
          params: idParam,
          body: versionOnlyRequest,
          response: { 200: product, ...errorResponses },
        },
      },
      async (request) =>
        catalog.setProductStatus(contextOf(request, deps), request.params.id, request.body.version, 'discontinued'),
    );
    app.post(
      '/products/:id/reactivate',
      {
        schema: {
          tags,
          summary: 'Put a discontinued product back on sale',
          params: idParam,
          body: versionOnlyRequest,
          response: { 200: product, ...errorResponses },
        },
      },
      async (request) => catalog.setProductStatus(contextOf(request, deps), request.params.id, request.body.version, 'active'),
    );

    // ------------------------------------------------------------ company defaults
    app.get(
      '/settings/catalog-defaults',
      {
        schema: {
          tags,
          summary: '默认保修期 Company default warranty terms for new products',
          response: { 200: catalogDefaults, ...errorResponses },
        },
      },
      async (request) => catalog.getCatalogDefaults(contextOf(request, deps)),
    );
    app.put(
      '/settings/catalog-defaults',
      {
        schema: {
          tags,
          summary: 'Change the company default warranty terms (admin)',
          body: updateCatalogDefaultsRequest,
          response: { 200: catalogDefaults, ...errorResponses },
        },
      },
      async (request) => catalog.updateCatalogDefaults(contextOf(request, deps), request.body),
    );
  };
}
