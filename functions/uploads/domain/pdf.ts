// Uploaded documents are distrusted (DESIGN decision 6): the declared content type and file name mean
// nothing, so a file is accepted as a PDF only if its bytes start as one, parse as one, and carry
// nothing that acts on a reader's machine. The structure is read by a PDF parser (@cantoo/pdf-lib),
// never by searching the text, because names may be written with #xx escapes and objects may sit
// compressed inside object streams, where no text search sees them.
//
// The check never throws: every input, however broken, gets a verdict a student can read.
import {
  PDFArray,
  type PDFContext,
  PDFDict,
  PDFInvalidObject,
  PDFName,
  type PDFObject,
  PDFParser,
  PDFRef,
  PDFStream,
} from '@cantoo/pdf-lib';
import { maxDocumentBytes } from './limits.js';

export { maxDocumentBytes };

export type PdfCheck = { ok: true } | { ok: false; reason: string };

const printAgain = 'Print or export it again as a plain PDF and upload that.';

/** What the student reads on the upload when it is refused. */
export const pdfRejections = {
  empty: 'The file is empty.',
  tooLarge: 'The file is larger than 10 MB.',
  notPdf: 'The file is not a PDF: its content does not start as a PDF does.',
  damaged: `The PDF is incomplete or damaged. ${printAgain}`,
  encrypted: 'The PDF is password-protected or encrypted. Upload a copy without a password or restrictions.',
} as const;

/** Active content, in the order a rejection names it. */
const activeContent = {
  javascript: 'JavaScript',
  launch: 'an action that starts other programs or opens files',
  automatic: 'an action that runs by itself when the file is opened or viewed',
  embeddedFile: 'embedded files (attachments)',
  richMedia: 'rich media (Flash, video or 3D)',
  xfa: 'an XFA form',
  submit: 'a form that sends or loads data',
} as const;
type Finding = keyof typeof activeContent;

export function activeContentRejection(findings: ReadonlySet<Finding>): string {
  const found = (Object.keys(activeContent) as Finding[]).filter((f) => findings.has(f));
  return `The PDF contains ${found.map((f) => activeContent[f]).join(', ')}, which uploads may not have. ${printAgain}`;
}

const header = Buffer.from('%PDF-');
const eofMarker = Buffer.from('%%EOF');
const startxref = Buffer.from('startxref');

/** The whole check of one upload's bytes; `totalBytes` is the stored size when only a head was read. */
export async function checkPdf(bytes: Uint8Array, totalBytes = bytes.byteLength): Promise<PdfCheck> {
  const parsed = await parsePdf(bytes, totalBytes);
  if (!parsed.ok) return parsed;
  if (parsed.context.trailerInfo.Encrypt !== undefined) return { ok: false, reason: pdfRejections.encrypted };
  const findings = findActiveContent(parsed.context);
  return findings.size > 0 ? { ok: false, reason: activeContentRejection(findings) } : { ok: true };
}

/**
 * Reads the file's structure: the header at offset 0, a complete end (startxref, %%EOF), every
 * object parsable, and a catalog the trailer names. The parsed objects are returned so that later
 * checks (signatures on transcripts) work on the same reading of the file.
 */
export async function parsePdf(
  bytes: Uint8Array,
  totalBytes = bytes.byteLength,
): Promise<{ ok: true; context: PDFContext } | { ok: false; reason: string }> {
  if (totalBytes === 0) return { ok: false, reason: pdfRejections.empty };
  if (totalBytes > maxDocumentBytes || bytes.byteLength > maxDocumentBytes)
    return { ok: false, reason: pdfRejections.tooLarge };
  const data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // Viewers tolerate junk before the header; a file that needs that tolerance is something else
  // dressed as a PDF (an HTML page with a %PDF- comment, an executable with a PDF appended).
  if (
    !data.subarray(0, header.length).equals(header) ||
    !isVersion(data.subarray(header.length, header.length + 3))
  )
    return { ok: false, reason: pdfRejections.notPdf };
  // The parser recovers objects from a file cut short; a truncated upload is refused, not repaired.
  if (!endsCompletely(data)) return { ok: false, reason: pdfRejections.damaged };
  try {
    // throwOnInvalidObject: an object the parser cannot read is one a viewer might read differently.
    const context = await PDFParser.forBytesWithOptions(data, Number.POSITIVE_INFINITY, true).parseDocument();
    // throwOnInvalidObject makes the parser throw instead; checked again so that no option change
    // can let an unreadable object through.
    if (context.enumerateIndirectObjects().some(([, object]) => object instanceof PDFInvalidObject))
      return { ok: false, reason: pdfRejections.damaged };
    const catalog = context.lookup(context.trailerInfo.Root);
    if (!(catalog instanceof PDFDict) || nameOf(catalog.get(PDFName.of('Type'))) !== 'Catalog')
      return { ok: false, reason: pdfRejections.damaged };
    return { ok: true, context };
  } catch {
    // Any parse failure (bad syntax, a corrupt object stream, runaway nesting) is a damaged file.
    return { ok: false, reason: pdfRejections.damaged };
  }
}

const isVersion = (v: Buffer) =>
  v.length === 3 && v[0] !== undefined && v[0] >= 0x31 && v[0] <= 0x32 && v[1] === 0x2e && isDigit(v[2]);
const isDigit = (c: number | undefined) => c !== undefined && c >= 0x30 && c <= 0x39;

/** The file ends with `startxref <offset> %%EOF` (then only whitespace), the offset inside the file. */
function endsCompletely(data: Buffer): boolean {
  let end = data.length;
  while (end > 0 && isWhitespace(data[end - 1])) end--;
  const eofAt = end - eofMarker.length;
  if (eofAt < 0 || !data.subarray(eofAt, end).equals(eofMarker)) return false;
  const xrefAt = data.lastIndexOf(startxref, eofAt);
  if (xrefAt < 0) return false;
  const offset = data
    .subarray(xrefAt + startxref.length, eofAt)
    .toString('latin1')
    .trim();
  return offset.length > 0 && [...offset].every((c) => isDigit(c.charCodeAt(0))) && Number(offset) < xrefAt;
}
const isWhitespace = (c: number | undefined) =>
  c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x00 || c === 0x0c;

/** A name as a viewer reads it: #xx escapes decoded, upper or lower case hex alike. */
function nameOf(object: PDFObject | undefined): string | undefined {
  if (!(object instanceof PDFName)) return undefined;
  return object
    .decodeText()
    .replace(/#([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

// Action types (/S) that run code, start programs, move data or play embedded media.
const actionFindings: Record<string, Finding> = {
  JavaScript: 'javascript',
  Launch: 'launch',
  SubmitForm: 'submit',
  ImportData: 'submit',
  GoToE: 'embeddedFile',
  Rendition: 'richMedia',
  RichMediaExecute: 'richMedia',
};
// Names that mark active content wherever they appear, as a key or as a value.
const nameFindings: Record<string, Finding> = {
  JS: 'javascript',
  JavaScript: 'javascript',
  Launch: 'launch',
  EmbeddedFile: 'embeddedFile',
  EmbeddedFiles: 'embeddedFile',
  EF: 'embeddedFile',
  FileAttachment: 'embeddedFile',
  RichMedia: 'richMedia',
  RichMediaContent: 'richMedia',
  RichMediaSettings: 'richMedia',
  XFA: 'xfa',
};

/**
 * Walks every object the parser found (including those unpacked from object streams and those no
 * cross-reference names, since a viewer's repair may find them) and every dictionary and array
 * nested in them.
 */
export function findActiveContent(context: PDFContext): Set<Finding> {
  const findings = new Set<Finding>();
  const pending: PDFObject[] = context.enumerateIndirectObjects().map(([, object]) => object);
  const note = (name: string | undefined) => {
    const finding = name === undefined ? undefined : nameFindings[name];
    if (finding) findings.add(finding);
  };
  while (pending.length > 0) {
    const object = pending.pop();
    if (object instanceof PDFStream) pending.push(object.dict);
    else if (object instanceof PDFArray) {
      for (const element of object.asArray()) {
        note(nameOf(element));
        pending.push(element);
      }
    } else if (object instanceof PDFDict) {
      for (const [key, value] of object.entries()) {
        const name = nameOf(key);
        note(name);
        note(nameOf(value));
        if (name === 'S') {
          const action = actionFindings[nameOf(value) ?? ''];
          if (action) findings.add(action);
        }
        if (name === 'AA' && runsActions(context, value)) findings.add('automatic');
        if (name === 'OpenAction' && !isNavigation(context, value)) findings.add('automatic');
        pending.push(value);
      }
    }
  }
  return findings;
}

const resolve = (context: PDFContext, object: PDFObject | undefined) =>
  object instanceof PDFRef ? context.lookup(object) : object;

/** Additional actions (/AA): a dictionary of triggers, each running an action when it fires. */
function runsActions(context: PDFContext, value: PDFObject): boolean {
  const triggers = resolve(context, value);
  return !(triggers instanceof PDFDict) || triggers.entries().length > 0;
}

/** An OpenAction that only says where to open (a destination, or a GoTo with nothing chained). */
function isNavigation(context: PDFContext, value: PDFObject): boolean {
  const target = resolve(context, value);
  if (target instanceof PDFArray) return true;
  if (!(target instanceof PDFDict)) return false;
  return nameOf(target.get(PDFName.of('S'))) === 'GoTo' && target.get(PDFName.of('Next')) === undefined;
}
