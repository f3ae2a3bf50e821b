import { describe, expect, it } from 'vitest';
import { checkPdf, maxDocumentBytes } from '../../functions/uploads/domain/pdf.js';

const pdf = (body: string) => Buffer.from(`%PDF-1.7\n${body}\n%%EOF\n`);

describe('PDF check of uploaded bytes', () => {
  it('accepts a complete PDF', () => {
    expect(checkPdf(pdf('1 0 obj<<>>endobj'))).toEqual({ ok: true });
  });

  it('rejects what only claims to be a PDF', () => {
    expect(checkPdf(Buffer.from('PK\u0003\u0004 a zip file'))).toEqual({
      ok: false,
      reason: 'The file is not a PDF',
    });
    expect(checkPdf(new Uint8Array())).toEqual({ ok: false, reason: 'The file is empty' });
  });

  it('rejects a truncated PDF', () => {
    expect(checkPdf(Buffer.from('%PDF-1.7\n1 0 obj<<'))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/incomplete/),
    });
  });

  it('rejects a file over 10 MB whatever it contains', () => {
    const big = Buffer.alloc(maxDocumentBytes + 1, 32);
    pdf('').copy(big);
    expect(checkPdf(big)).toEqual({ ok: false, reason: 'The file is larger than 10 MB' });
  });
});
