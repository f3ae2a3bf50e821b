// Uploaded documents are distrusted (DESIGN decision 6): the declared content type means nothing, so
// a file is a PDF only if its bytes say so. These checks are pure and run on the stored object.

export const maxDocumentBytes = 10 * 1024 * 1024;

export type PdfCheck = { ok: true } | { ok: false; reason: string };

const header = Buffer.from('%PDF-');
const eofMarker = Buffer.from('%%EOF');

export function checkPdf(bytes: Uint8Array): PdfCheck {
  const data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (data.length === 0) return { ok: false, reason: 'The file is empty' };
  if (data.length > maxDocumentBytes) return { ok: false, reason: 'The file is larger than 10 MB' };
  // The header may follow a little leading junk (the PDF spec tolerates up to 1024 bytes).
  const headerAt = data.subarray(0, 1024).indexOf(header);
  if (headerAt < 0) return { ok: false, reason: 'The file is not a PDF' };
  // A truncated or non-PDF body lacks the end-of-file marker near its end.
  if (data.subarray(Math.max(0, data.length - 2048)).indexOf(eofMarker) < 0) {
    return { ok: false, reason: 'The PDF is incomplete or damaged' };
  }
  return { ok: true };
}
