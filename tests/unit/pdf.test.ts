import { describe, expect, it } from 'vitest';
import { checkPdf, maxDocumentBytes, pdfRejections } from '../../functions/uploads/domain/pdf.js';
import {
  handWrittenPdf,
  javascriptInObjectStream,
  refusedCorpus,
  validPdf,
  validPdfWithLinks,
  validPdfWithObjectStream,
} from '../support/pdf-corpus.js';

// Given the bytes a student uploaded, when the PDF check reads them, then only a well-formed PDF
// without active content passes, and every refusal says why in words a student understands.
describe('PDF check of uploaded bytes', () => {
  it.each([
    ['a one-page syllabus', validPdf],
    ['a PDF that opens at page 1 and links to a web page', validPdfWithLinks],
    ['a PDF with a compressed object stream and a cross-reference stream', validPdfWithObjectStream],
  ])('accepts %s', async (_, bytes) => {
    expect(await checkPdf(bytes)).toEqual({ ok: true });
  });

  it.each(refusedCorpus.map((c) => [c.name, c] as const))('refuses %s, saying why', async (_, file) => {
    const check = await checkPdf(file.bytes);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.reason).toMatch(file.reason);
  });

  it('finds JavaScript that no text search of the file would see', async () => {
    expect(javascriptInObjectStream.includes('JavaScript')).toBe(false);
    expect(await checkPdf(javascriptInObjectStream)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('JavaScript'),
    });
  });

  it('names every kind of active content it found, with what to do about it', async () => {
    const check = await checkPdf(
      refusedCorpus.find((c) => c.name === 'javascript-openaction.pdf')?.bytes ?? validPdf,
    );
    expect(check).toEqual({
      ok: false,
      reason:
        'The PDF contains JavaScript, an action that runs by itself when the file is opened or viewed, which uploads may not have. Print or export it again as a plain PDF and upload that.',
    });
  });

  it('accepts nothing before the header, not even whitespace', async () => {
    expect(await checkPdf(Buffer.concat([Buffer.from('\n'), validPdf]))).toEqual({
      ok: false,
      reason: pdfRejections.notPdf,
    });
  });

  it('refuses a PDF that runs a web link by itself when opened', async () => {
    const opensLink = handWrittenPdf([
      '<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /URI /URI (https://evil.example) >> >>',
      '<< /Type /Pages /Kids [] /Count 0 >>',
    ]);
    expect(await checkPdf(opensLink)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/runs by itself/),
    });
  });

  it('refuses a PDF whose trailer names no catalog', async () => {
    const noCatalog = handWrittenPdf(['<< /Type /Pages /Kids [] /Count 0 >>']);
    expect(await checkPdf(noCatalog)).toEqual({ ok: false, reason: pdfRejections.damaged });
  });

  it('refuses a file over 10 MB whatever it contains, without reading further', async () => {
    expect(await checkPdf(validPdf, maxDocumentBytes + 1)).toEqual({
      ok: false,
      reason: pdfRejections.tooLarge,
    });
  });

  it('gives a verdict, never an exception, for bytes that are nothing at all', async () => {
    for (const bytes of [
      Buffer.from('%PDF-'),
      Buffer.from('%PDF-1.7\nstartxref\n99999\n%%EOF'),
      Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages [[[[[[[[[[[[[[ >>\nstartxref\n9\n%%EOF\n'),
      Buffer.alloc(4096, 0xff),
    ]) {
      expect((await checkPdf(bytes)).ok).toBe(false);
    }
  });
});
