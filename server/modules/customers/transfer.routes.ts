import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponses } from '../../../contracts/common.js';
import {
  customerExportQuery,
  importJsonBody,
  importQuery,
  importReport,
  importTemplateQuery,
  unitExportQuery,
} from '../../../contracts/customers.js';
import { BadRequestError } from '../../platform/errors.js';
import { type AppDeps, contextOf } from '../../platform/http.js';
import { attachmentHeader, type Download, exportCustomers, exportUnits, importTemplate } from './export.service.js';
import { importRegistry } from './import.service.js';
import { detectFormat } from './spreadsheet.js';

function sendDownload(reply: FastifyReply, download: Download) {
  return reply
    .header('content-type', download.contentType)
    .header('content-disposition', attachmentHeader(download.fileName, download.asciiName))
    .header('cache-control', 'no-store')
    .send(download.body);
}

/** Import (CSV/XLSX, all-or-nothing with a per-row report), import templates, XLSX exports. */
export function transferRoutes(deps: AppDeps) {
  return async (instance: FastifyInstance) => {
    const app = instance.withTypeProvider<ZodTypeProvider>();
    const tags = ['customers'];

    app.post(
      '/customers/import',
      {
        schema: {
          tags,
          summary:
            '导入 Import customers / units / orders from CSV or XLSX (multipart field "file", or JSON {format, contentBase64}). ' +
            'All rows are validated first; any error → 422 import_rejected with the per-row report in error.details, nothing written. ' +
            'dryRun=true only validates.',
          querystring: importQuery,
          body: importJsonBody.nullish(),
          response: { 200: importReport, ...errorResponses },
        },
      },
      async (request) => {
        const ctx = contextOf(request, deps);
        let content: Buffer;
        let format: 'csv' | 'xlsx';
        if (request.isMultipart()) {
          const file = await request.file();
          if (!file)
            throw new BadRequestError('请上传文件 (no file uploaded)', [{ path: ['body', 'file'], message: 'required' }]);
          content = await file.toBuffer();
          format = detectFormat(content, file.filename);
        } else {
          if (!request.body) {
            throw new BadRequestError('请上传文件 (upload a file or send {format, contentBase64})', [
              { path: ['body'], message: 'required' },
            ]);
          }
          content = Buffer.from(request.body.contentBase64, 'base64');
          format = request.body.format;
        }
        return importRegistry(ctx, { kind: request.query.kind, dryRun: request.query.dryRun ?? false, format, content });
      },
    );

    app.get(
      '/customers/import/template',
      {
        schema: {
          tags,
          summary: '导入模板 XLSX import template with the Chinese headers (kind = customers | units | orders)',
          querystring: importTemplateQuery,
          response: { ...errorResponses },
        },
      },
      async (request, reply) => sendDownload(reply, await importTemplate(contextOf(request, deps), request.query.kind)),
    );

    app.get(
      '/customers/export.xlsx',
      {
        schema: {
          tags,
          summary: '导出 Export the customer list (same filters as GET /customers) to XLSX',
          querystring: customerExportQuery,
          response: { ...errorResponses },
        },
      },
      async (request, reply) => sendDownload(reply, await exportCustomers(contextOf(request, deps), request.query)),
    );

    app.get(
      '/units/export.xlsx',
      {
        schema: {
          tags: ['units'],
          summary: '导出 Export the unit list (same filters as GET /units) to XLSX',
          querystring: unitExportQuery,
          response: { ...errorResponses },
        },
      },
      async (request, reply) => sendDownload(reply, await exportUnits(contextOf(request, deps), request.query)),
    );
  };
}
