import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  attachment,
  attachmentList,
  attachmentListQuery,
  attachmentSettings,
  downloadQuery,
  updateAttachmentSettingsRequest,
  uploadAttachmentJson,
} from '../../../contracts/attachments.js';
import { errorResponse, errorResponses, idParam } from '../../../contracts/common.js';
import { BadRequestError } from '../../platform/errors.js';
import { type AppDeps, contextOf } from '../../platform/http.js';
import {
  FileTooLargeError,
  getAttachmentSettings,
  listAttachments,
  openAttachment,
  readAttachmentSettings,
  updateAttachmentSettings,
  uploadAttachment,
} from './attachments.service.js';
import { contentDisposition } from './file-names.js';

const uploadErrors = { ...errorResponses, 413: errorResponse, 415: errorResponse };

interface ReceivedFile {
  entity?: string;
  entityId?: string;
  fileName: string;
  mimeType: string | null;
  content: Buffer;
}

function fieldValue(part: any): string | undefined {
  return typeof part?.value === 'string' ? part.value.trim() : undefined;
}

/** Read a multipart upload (fields entity, entityId and one file, in any order), stopping at maxBytes. */
async function readMultipart(request: FastifyRequest, maxBytes: number): Promise<ReceivedFile> {
  const fields: Record<string, string | undefined> = {};
  let file: { fileName: string; mimeType: string; content: Buffer } | null = null;
  try {
    for await (const part of request.parts({ limits: { fileSize: maxBytes, files: 1, fields: 10 } })) {
      if (part.type === 'file') {
        if (file) {
          part.file.resume();
          continue;
        }
        file = { fileName: part.filename, mimeType: part.mimetype, content: await part.toBuffer() };
      } else {
        fields[part.fieldname] = fieldValue(part);
      }
    }
  } catch (error: any) {
    if (error?.code === 'FST_REQ_FILE_TOO_LARGE') throw new FileTooLargeError(null, maxBytes);
    if (error?.code === 'FST_FILES_LIMIT') throw new BadRequestError('一次只能上传一个文件 (one file per request)');
    throw error;
  }
  if (!file) throw new BadRequestError('请选择文件 (no file uploaded)', [{ path: ['body', 'file'], message: 'required' }]);
  return { entity: fields.entity, entityId: fields.entityId, ...file };
}

/** Send stored bytes as a download that the browser never renders as a page (nosniff, sandbox). */
export function sendFile(reply: FastifyReply, content: Buffer, headers: Record<string, string>) {
  return reply
    .headers({
      'content-length': String(content.length),
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
      ...headers,
    })
    .send(content);
}

/** Attachments: upload (multipart or JSON base64), list per record, download with a safe Content-Disposition. */
export function attachmentsRoutes(deps: AppDeps) {
  return async (instance: FastifyInstance) => {
    const app = instance.withTypeProvider<ZodTypeProvider>();
    const tags = ['attachments'];

    app.post(
      '/attachments',
      {
        // the JSON form carries base64 (4/3 of the file); the file-size setting is checked by the service
        bodyLimit: 140 * 1024 * 1024,
        schema: {
          tags,
          summary:
            '上传附件 Upload a file to a case, customer or unit: multipart fields entity, entityId, file ' +
            '(or JSON {entity, entityId, fileName, contentBase64}). The type is decided by the content: ' +
            '415 unsupported_file_type, 413 file_too_large; nothing is stored then.',
          body: uploadAttachmentJson.nullish(),
          response: { 201: attachment, ...uploadErrors },
        },
      },
      async (request, reply) => {
        const ctx = contextOf(request, deps);
        const { maxBytes } = await readAttachmentSettings(deps.db);
        let received: ReceivedFile;
        if (request.isMultipart()) {
          received = await readMultipart(request, maxBytes);
        } else {
          if (!request.body) {
            throw new BadRequestError('请上传文件 (upload multipart/form-data or send JSON with contentBase64)', [
              { path: ['body'], message: 'required' },
            ]);
          }
          const content = Buffer.from(request.body.contentBase64, 'base64');
          received = { ...request.body, mimeType: null, content };
        }
        const missing = (['entity', 'entityId'] as const).filter((f) => !received[f]);
        if (missing.length) {
          throw new BadRequestError(
            '缺少字段 (missing fields)',
            missing.map((f) => ({ path: ['body', f], message: 'required' })),
          );
        }
        const saved = await uploadAttachment(ctx, {
          entity: received.entity!,
          entityId: received.entityId!,
          fileName: received.fileName,
          mimeType: received.mimeType,
          content: received.content,
        });
        return reply.status(201).send(saved);
      },
    );

    app.get(
      '/attachments',
      {
        schema: {
          tags,
          summary: '附件列表 Files of one record (entity = case | customer | unit | …, entityId)',
          querystring: attachmentListQuery,
          response: { 200: attachmentList, ...errorResponses },
        },
      },
      async (request) => listAttachments(contextOf(request, deps), request.query),
    );

    app.get(
      '/attachments/:id',
      {
        schema: {
          tags,
          summary: '下载附件 Download a file (inline=true shows images and PDF in the browser)',
          params: idParam,
          querystring: downloadQuery,
          response: { ...errorResponses },
        },
      },
      async (request, reply) => {
        const { attachment: file, content } = await openAttachment(contextOf(request, deps), request.params.id);
        const wantsInline = request.query.inline === 'true' || request.query.inline === '1';
        const inline = wantsInline && (file.image || file.mimeType === 'application/pdf');
        return sendFile(reply, content, {
          'content-type': file.mimeType,
          'content-disposition': contentDisposition(file.fileName, inline ? 'inline' : 'attachment'),
          'cache-control': 'private, max-age=86400, immutable',
          etag: `"${file.sha256}"`,
        });
      },
    );

    app.get(
      '/settings/attachments',
      {
        schema: {
          tags,
          summary: '附件设置 Largest file accepted',
          response: { 200: attachmentSettings, ...errorResponses },
        },
      },
      async (request) => getAttachmentSettings(contextOf(request, deps)),
    );

    app.put(
      '/settings/attachments',
      {
        schema: {
          tags,
          summary: 'Change the largest file accepted (admin)',
          body: updateAttachmentSettingsRequest,
          response: { 200: attachmentSettings, ...errorResponses },
        },
      },
      async (request) => updateAttachmentSettings(contextOf(request, deps), request.body),
    );
  };
}
