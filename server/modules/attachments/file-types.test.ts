import { describe, expect, it } from 'vitest';
import { asciiFileName, cleanFileName, contentDisposition, withExtension } from './file-names.js';
import { looksLikeText, sniffFileType, zipEntryNames } from './file-types.js';
import { sampleFiles } from './testing.js';

describe('file types by content', () => {
  it('recognises images by their magic bytes, whatever the name says', () => {
    expect(sniffFileType(sampleFiles.png(), 'photo.jpg')?.mimeType).toBe('image/png');
    expect(sniffFileType(sampleFiles.jpeg(), 'scan')?.mimeType).toBe('image/jpeg');
    expect(sniffFileType(sampleFiles.gif())?.kind).toBe('gif');
    expect(sniffFileType(sampleFiles.webp())?.kind).toBe('webp');
    expect(sniffFileType(sampleFiles.heic(), 'IMG_0001.HEIC')?.mimeType).toBe('image/heic');
  });

  it('recognises PDF and the Office formats by their content', () => {
    expect(sniffFileType(sampleFiles.pdf(), '购买凭证.pdf')?.mimeType).toBe('application/pdf');
    expect(sniffFileType(sampleFiles.docx(), 'x.bin')?.kind).toBe('docx');
    expect(sniffFileType(sampleFiles.xlsx())?.kind).toBe('xlsx');
    expect(zipEntryNames(sampleFiles.docx())).toContain('[Content_Types].xml');
  });

  it('refuses programs, archives and unknown binaries even when named like a photo', () => {
    expect(sniffFileType(sampleFiles.exe(), 'photo.jpg')).toBeNull();
    expect(sniffFileType(sampleFiles.zip(), 'report.docx')).toBeNull();
    expect(sniffFileType(Buffer.from([0x00, 0x01, 0x02, 0x03]), 'data.txt')).toBeNull();
    expect(sniffFileType(Buffer.from('<svg onload="alert(1)"></svg>\u0000'), 'x.svg')).toBeNull();
  });

  it('accepts plain text in UTF-8 and GBK but not binary data', () => {
    expect(sniffFileType(Buffer.from('故障描述：不制冷\r\n'), 'note.txt')?.mimeType).toBe('text/plain');
    expect(looksLikeText(Buffer.from([0xb9, 0xca, 0xd5, 0xcf, 0x0d, 0x0a]))).toBe(true); // 故障 in GBK
    expect(sniffFileType(Buffer.from('a,b\n1,2\n'), 'list.csv')?.mimeType).toBe('text/csv');
    expect(looksLikeText(Buffer.from([0x41, 0x00, 0x42]))).toBe(false);
  });
});

describe('file names', () => {
  it('keeps Chinese names and drops paths and control characters', () => {
    expect(cleanFileName('C:\\Users\\张三\\购买凭证 (1).pdf')).toBe('购买凭证 (1).pdf');
    expect(cleanFileName('../../etc/passwd')).toBe('passwd');
    expect(cleanFileName('a\u0000b\r\n.jpg')).toBe('ab.jpg');
    expect(cleanFileName('   ')).toBe('附件');
    const long = `${'很'.repeat(300)}.jpg`;
    expect(cleanFileName(long)).toHaveLength(200);
    expect(cleanFileName(long).endsWith('.jpg')).toBe(true);
  });

  it('adds the real extension when the name has none', () => {
    expect(withExtension('现场照片', 'jpg')).toBe('现场照片.jpg');
    expect(withExtension('photo.png', 'jpg')).toBe('photo.png');
  });

  it('builds an RFC 5987 Content-Disposition with an ASCII fallback', () => {
    const header = contentDisposition('维修单(签字).pdf');
    expect(header).toBe(`attachment; filename="attachment.pdf"; filename*=UTF-8''%E7%BB%B4%E4%BF%AE%E5%8D%95%28%E7%AD%BE%E5%AD%97%29.pdf`);
    expect(contentDisposition('a"b;c.png', 'inline')).toContain('inline; filename="a_b_c.png"');
    expect(asciiFileName('照片.jpg')).toBe('attachment.jpg');
    expect(decodeURIComponent(header.split("''")[1])).toBe('维修单(签字).pdf');
  });
});
