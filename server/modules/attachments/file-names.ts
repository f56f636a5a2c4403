/**
 * File names as people type them (Chinese included), made safe to store and to send back in a
 * Content-Disposition header (RFC 6266 with the RFC 5987 `filename*` for UTF-8). Pure functions.
 */

/** The last path segment, without control characters, trimmed, at most 200 characters. */
export function cleanFileName(name: string | null | undefined, fallback = '附件'): string {
  const base = String(name ?? '')
    .split(/[\\/]/)
    .pop()!
    .replace(/[\u0000-\u001f\u007f"<>|*?:]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '');
  if (!base) return fallback;
  if (base.length <= 200) return base;
  const dot = base.lastIndexOf('.');
  const ext = dot > 0 && base.length - dot <= 10 ? base.slice(dot) : '';
  return base.slice(0, 200 - ext.length) + ext;
}

/** The name with the extension of its real type when it has none (a photo sent as "IMG"). */
export function withExtension(name: string, extension: string): string {
  return /\.[a-z0-9]{1,8}$/i.test(name) ? name : `${name}.${extension}`;
}

/** An ASCII-only stand-in for old clients: non-ASCII characters become '_', the extension stays. */
export function asciiFileName(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\;]/g, '_');
  return /[a-z0-9]/i.test(ascii.replace(/\.[a-z0-9]+$/i, '')) ? ascii : `attachment${ascii.match(/\.[a-z0-9]+$/i)?.[0] ?? ''}`;
}

/** RFC 5987 encoding: encodeURIComponent leaves a few characters RFC 5987 does not allow. */
export function rfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** `attachment; filename="…"; filename*=UTF-8''…` (or inline), safe for any name. */
export function contentDisposition(name: string, disposition: 'attachment' | 'inline' = 'attachment'): string {
  return `${disposition}; filename="${asciiFileName(name)}"; filename*=UTF-8''${rfc5987(name)}`;
}
