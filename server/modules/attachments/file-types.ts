/**
 * What a file really is, from its first bytes (magic numbers) — never from its name or the type
 * the client claims. Only the kinds a service department exchanges are allowed (R-REQ-3: photos,
 * proof of purchase; signatures; office documents and plain text). Pure functions.
 */

export type FileKind =
  | 'jpeg'
  | 'png'
  | 'gif'
  | 'webp'
  | 'heic'
  | 'pdf'
  | 'docx'
  | 'xlsx'
  | 'pptx'
  | 'doc'
  | 'xls'
  | 'text'
  | 'csv';

export interface SniffedType {
  kind: FileKind;
  mimeType: string;
  /** the extension a download gets when the name has none */
  extension: string;
  image: boolean;
}

const TYPES: Record<FileKind, Omit<SniffedType, 'kind'>> = {
  jpeg: { mimeType: 'image/jpeg', extension: 'jpg', image: true },
  png: { mimeType: 'image/png', extension: 'png', image: true },
  gif: { mimeType: 'image/gif', extension: 'gif', image: true },
  webp: { mimeType: 'image/webp', extension: 'webp', image: true },
  heic: { mimeType: 'image/heic', extension: 'heic', image: true },
  pdf: { mimeType: 'application/pdf', extension: 'pdf', image: false },
  docx: { mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extension: 'docx', image: false },
  xlsx: { mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extension: 'xlsx', image: false },
  pptx: { mimeType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', extension: 'pptx', image: false },
  doc: { mimeType: 'application/msword', extension: 'doc', image: false },
  xls: { mimeType: 'application/vnd.ms-excel', extension: 'xls', image: false },
  text: { mimeType: 'text/plain', extension: 'txt', image: false },
  csv: { mimeType: 'text/csv', extension: 'csv', image: false },
};


function startsWith(buf: Buffer, bytes: readonly number[], offset = 0): boolean {
  if (buf.length < offset + bytes.length) return false;
  for (let i = 0; i < bytes.length; i++) if (buf[offset + i] !== bytes[i]) return false;
  return true;
}

function ascii(buf: Buffer, start: number, end: number): string {
  return buf.subarray(start, Math.min(end, buf.length)).toString('latin1');
}

const HEIF_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1']);

/** Names of the entries of a ZIP archive, from its central directory (empty when it is not one). */
export function zipEntryNames(buf: Buffer, limit = 2000): string[] {
  // End of central directory: signature 0x06054b50, within the last 64 KiB + 22 bytes.
  const from = Math.max(0, buf.length - 65_557);
  let eocd = -1;
  for (let i = buf.length - 22; i >= from; i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return [];
  const entries = buf.readUInt16LE(eocd + 10);
  let offset = buf.readUInt32LE(eocd + 16);
  const names: string[] = [];
  for (let n = 0; n < Math.min(entries, limit); n++) {
    if (offset + 46 > buf.length || buf.readUInt32LE(offset) !== 0x02014b50) break;
    const nameLength = buf.readUInt16LE(offset + 28);
    const extraLength = buf.readUInt16LE(offset + 30);
    const commentLength = buf.readUInt16LE(offset + 32);
    names.push(buf.subarray(offset + 46, offset + 46 + nameLength).toString('utf8'));
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

function officeKind(buf: Buffer): FileKind | null {
  const names = zipEntryNames(buf);
  if (!names.includes('[Content_Types].xml')) return null;
  if (names.some((n) => n.startsWith('word/'))) return 'docx';
  if (names.some((n) => n.startsWith('xl/'))) return 'xlsx';
  if (names.some((n) => n.startsWith('ppt/'))) return 'pptx';
  return null;
}

/**
 * Plain text: no NUL byte and no control characters other than tab, line breaks, form feed and
 * escape in the first 64 KiB. UTF-8 and GB18030/GBK text both pass (their bytes ≥ 0x80 are not
 * control characters); HTML or scripts pass too, which is why downloads are served as
 * text/plain with nosniff and as an attachment, never rendered.
 */
export function looksLikeText(buf: Buffer): boolean {
  const end = Math.min(buf.length, 65_536);
  if (end === 0) return false;
  for (let i = 0; i < end; i++) {
    const b = buf[i];
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x1b) return false;
    if (b === 0x7f) return false;
  }
  return true;
}

function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot < 0 ? '' : fileName.slice(dot + 1).toLowerCase();
}

/** The type of a file by its content, or null when it is not an allowed kind. */
export function sniffFileType(content: Buffer, fileName = ''): SniffedType | null {
  const kind = sniffKind(content, fileName);
  return kind ? { kind, ...TYPES[kind] } : null;
}

function sniffKind(buf: Buffer, fileName: string): FileKind | null {
  if (startsWith(buf, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(buf, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (ascii(buf, 0, 6) === 'GIF87a' || ascii(buf, 0, 6) === 'GIF89a') return 'gif';
  if (ascii(buf, 0, 4) === 'RIFF' && ascii(buf, 8, 12) === 'WEBP') return 'webp';
  if (ascii(buf, 4, 8) === 'ftyp' && HEIF_BRANDS.has(ascii(buf, 8, 12))) return 'heic';
  if (ascii(buf, 0, 5) === '%PDF-') return 'pdf';
  if (startsWith(buf, [0x50, 0x4b, 0x03, 0x04])) return officeKind(buf);
  if (startsWith(buf, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    // OLE compound file: which Office program made it is deep inside; trust the extension here only
    const ext = extensionOf(fileName);
    return ext === 'doc' ? 'doc' : ext === 'xls' ? 'xls' : null;
  }
  if (looksLikeText(buf)) return extensionOf(fileName) === 'csv' ? 'csv' : 'text';
  return null;
}

/** Kinds a signature drawn on screen may be. */
export const SIGNATURE_KINDS: readonly FileKind[] = ['png'];
