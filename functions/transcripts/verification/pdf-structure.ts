// The structure of a signed PDF as CTS reads it for verification (guide §5.2): the revisions, the
// cross-reference chain and the signature dictionaries, read by following the file's own pointers
// (startxref → xref → /Prev), never by searching the text. A search for "/ByteRange" finds whatever
// an attacker planted in a stream or a comment; the reader finds only what a viewer would.
//
// The reader is strict on purpose: an offset that does not land on the object it names, a stream
// whose /Length does not end at `endstream`, a revision not closed by `startxref … %%EOF` is a
// damaged file, not one to repair, because a repaired file is one that two readers may see
// differently. Every limit below bounds the work on hostile input; nothing here throws past
// readPdfStructure, which returns a typed failure instead.
import { inflateSync } from 'node:zlib';

// --- the object model -----------------------------------------------------------------------------

/** Byte offsets [start, end) of a token in the file. */
export interface Span {
  readonly start: number;
  readonly end: number;
}
export interface PdfName {
  readonly kind: 'name';
  /** With #xx escapes decoded, as a viewer compares names. */
  readonly name: string;
}
export interface PdfReal {
  readonly kind: 'real';
  readonly value: number;
}
export interface PdfString {
  readonly kind: 'string';
  readonly bytes: Uint8Array;
  readonly hex: boolean;
  /** Where the string's token (delimiters included) sits in the file; absent inside object streams. */
  readonly span?: Span;
}
export interface PdfRef {
  readonly kind: 'ref';
  readonly num: number;
  readonly gen: number;
}
export interface PdfArray {
  readonly kind: 'array';
  readonly items: readonly PdfValue[];
}
export interface PdfDict {
  readonly kind: 'dict';
  readonly entries: ReadonlyMap<string, PdfValue>;
  /** Keys written more than once: viewers disagree on which one counts. */
  readonly duplicateKeys: readonly string[];
}
export interface PdfStream {
  readonly kind: 'stream';
  readonly dict: PdfDict;
  /** The raw (still encoded) data in the file. */
  readonly dataStart: number;
  readonly dataEnd: number;
}
/** Integers are plain numbers; reals are kept apart so that a ByteRange of reals is seen as such. */
export type PdfValue =
  | null
  | boolean
  | number
  | PdfReal
  | PdfName
  | PdfString
  | PdfRef
  | PdfArray
  | PdfDict
  | PdfStream;

// --- limits ---------------------------------------------------------------------------------------

const limits = {
  /** Nesting of arrays and dictionaries inside one object. */
  depth: 64,
  /** Cross-reference sections (revisions, plus hybrid and linearization sections). */
  sections: 512,
  /** Highest object number ISO 32000 allows. */
  objectNumber: 8_388_607,
  /** Decompressed bytes over the whole reading (xref streams, object streams, DSS streams). */
  inflatedBytes: 64 * 1024 * 1024,
  /** Form fields visited in the AcroForm tree. */
  fields: 10_000,
  /** Depth of /Kids. */
  fieldDepth: 32,
  /** Chained indirect lookups (a /Length that is a reference to …). */
  indirection: 8,
  /** Objects in one object stream. */
  objectsPerStream: 100_000,
  /** Entries of one DSS array. */
  dssEntries: 1_000,
  /** Objects visited when following the DSS tree. */
  dssObjects: 10_000,
  /** Literal or hex string length, in bytes of the file. */
  stringBytes: 8 * 1024 * 1024,
  /** Objects read when looking for references the signed revision makes to objects it lacks. */
  referenceScan: 500_000,
} as const;

/** A damaged or hostile file: the reason is a sentence for ARO. Internal; never leaves this module. */
class StructureError extends Error {}

// --- lexing -----------------------------------------------------------------------------------------

const isWhite = (c: number) =>
  c === 0x00 || c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d || c === 0x20;
const isDelimiter = (c: number) =>
  c === 0x28 ||
  c === 0x29 ||
  c === 0x3c ||
  c === 0x3e ||
  c === 0x5b ||
  c === 0x5d ||
  c === 0x7b ||
  c === 0x7d ||
  c === 0x2f ||
  c === 0x25;
const isRegular = (c: number) => c >= 0 && !isWhite(c) && !isDelimiter(c);
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const hexValue = (c: number) =>
  c >= 0x30 && c <= 0x39
    ? c - 0x30
    : c >= 0x41 && c <= 0x46
      ? c - 0x37
      : c >= 0x61 && c <= 0x66
        ? c - 0x57
        : -1;

const escapes = new Map<number, number>([
  [0x6e, 0x0a],
  [0x72, 0x0d],
  [0x74, 0x09],
  [0x62, 0x08],
  [0x66, 0x0c],
]);

/** Bytes of a literal string, grown as needed (a string may be large; most are tiny). */
class ByteBuffer {
  private buffer = new Uint8Array(64);
  private length = 0;
  push(byte: number): void {
    if (this.length === this.buffer.length) {
      const grown = new Uint8Array(this.buffer.length * 2);
      grown.set(this.buffer);
      this.buffer = grown;
    }
    this.buffer[this.length++] = byte;
  }
  bytes(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }
}

const latin1 = (bytes: Uint8Array) =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');

/** A recursive-descent reader of PDF objects over one buffer (the file, or a decoded object stream). */
class ObjectParser {
  pos: number;

  constructor(
    readonly data: Uint8Array,
    /** Whether offsets in `data` are file offsets (spans are recorded only then). */
    readonly inFile: boolean,
    start: number,
    readonly end = data.length,
  ) {
    this.pos = start;
  }

  byte(at = this.pos): number {
    return at < this.end ? (this.data[at] ?? -1) : -1;
  }

  /** Whitespace and comments. */
  skipSpace(): void {
    while (this.pos < this.end) {
      const c = this.byte();
      if (isWhite(c)) this.pos++;
      else if (c === 0x25) {
        while (this.pos < this.end && this.byte() !== 0x0a && this.byte() !== 0x0d) this.pos++;
      } else return;
    }
  }

  /** Whitespace only: `%%EOF` is a comment to the object syntax but a marker to the file structure. */
  skipWhite(): void {
    while (this.pos < this.end && isWhite(this.byte())) this.pos++;
  }

  keyword(): string {
    const start = this.pos;
    while (this.pos < this.end && isRegular(this.byte()) && this.pos - start < 64) this.pos++;
    return latin1(this.data.subarray(start, this.pos));
  }

  expectKeyword(word: string, what: string): void {
    this.skipSpace();
    const at = this.pos;
    if (this.keyword() !== word)
      throw new StructureError(`${what} is missing at byte ${at} (expected "${word}")`);
  }

  /** A non-negative integer written with digits only, or undefined (position unchanged). */
  unsignedInteger(): number | undefined {
    const start = this.pos;
    while (this.pos < this.end && isDigit(this.byte()) && this.pos - start < 20) this.pos++;
    if (this.pos === start || isRegular(this.byte())) {
      this.pos = start;
      return undefined;
    }
    const value = Number(latin1(this.data.subarray(start, this.pos)));
    if (!Number.isSafeInteger(value)) {
      this.pos = start;
      return undefined;
    }
    return value;
  }

  value(depth: number): PdfValue {
    if (depth > limits.depth) throw new StructureError('an object is nested too deeply');
    this.skipSpace();
    const c = this.byte();
    if (c < 0) throw new StructureError('an object is cut short');
    if (c === 0x2f) return this.name();
    if (c === 0x28) return this.literalString();
    if (c === 0x3c) return this.byte(this.pos + 1) === 0x3c ? this.dictionary(depth) : this.hexString();
    if (c === 0x5b) return this.array(depth);
    if (isDigit(c) || c === 0x2b || c === 0x2d || c === 0x2e) return this.numberOrReference();
    const at = this.pos;
    const word = this.keyword();
    if (word === 'true') return true;
    if (word === 'false') return false;
    if (word === 'null') return null;
    throw new StructureError(`unexpected ${word ? `"${word.slice(0, 20)}"` : 'character'} at byte ${at}`);
  }

  name(): PdfName {
    this.pos++;
    const out: number[] = [];
    while (this.pos < this.end && isRegular(this.byte())) {
      const c = this.byte();
      const high = hexValue(this.byte(this.pos + 1));
      const low = hexValue(this.byte(this.pos + 2));
      if (c === 0x23 && high >= 0 && low >= 0) {
        out.push(high * 16 + low);
        this.pos += 3;
      } else {
        out.push(c);
        this.pos++;
      }
      if (out.length > 127) throw new StructureError('a name is longer than PDF allows');
    }
    return { kind: 'name', name: Buffer.from(out).toString('latin1') };
  }

  literalString(): PdfString {
    const start = this.pos;
    this.pos++;
    const out = new ByteBuffer();
    let open = 1;
    while (this.pos < this.end) {
      if (this.pos - start > limits.stringBytes) throw new StructureError('a string is too long');
      const c = this.byte();
      this.pos++;
      if (c === 0x5c) {
        const e = this.byte();
        this.pos++;
        const simple = escapes.get(e);
        if (simple !== undefined) out.push(simple);
        else if (e === 0x0d) {
          if (this.byte() === 0x0a) this.pos++;
        } else if (e === 0x0a) {
          // a backslash before an end of line continues the string on the next line
        } else if (e >= 0x30 && e <= 0x37) {
          let code = e - 0x30;
          for (let i = 0; i < 2 && this.byte() >= 0x30 && this.byte() <= 0x37; i++)
            code = code * 8 + this.byte(this.pos++) - 0x30;
          out.push(code & 0xff);
        } else if (e >= 0) out.push(e);
      } else if (c === 0x28) {
        open++;
        out.push(c);
      } else if (c === 0x29) {
        open--;
        if (open === 0) return this.stringValue(out.bytes(), false, start);
        out.push(c);
      } else if (c === 0x0d) {
        // an unescaped end of line in a literal string reads as a single line feed
        if (this.byte() === 0x0a) this.pos++;
        out.push(0x0a);
      } else out.push(c);
    }
    throw new StructureError('a string is not closed');
  }

  hexString(): PdfString {
    const start = this.pos;
    const close = this.data.indexOf(0x3e, start + 1);
    if (close < 0 || close >= this.end) throw new StructureError('a hex string is not closed');
    if (close - start > limits.stringBytes) throw new StructureError('a string is too long');
    const bytes = new Uint8Array(Math.ceil((close - start) / 2));
    let digits = 0;
    for (let at = start + 1; at < close; at++) {
      const c = this.data[at] ?? -1;
      if (isWhite(c)) continue;
      const v = hexValue(c);
      if (v < 0) throw new StructureError(`a hex string holds a character that is not hex at byte ${at}`);
      const i = digits >> 1;
      bytes[i] = (digits & 1) === 0 ? v << 4 : (bytes[i] ?? 0) | v;
      digits++;
    }
    this.pos = close + 1;
    // An odd last digit reads as if followed by 0, which the shift above already did.
    return this.stringValue(bytes.subarray(0, Math.ceil(digits / 2)), true, start);
  }

  private stringValue(bytes: Uint8Array, hex: boolean, start: number): PdfString {
    return this.inFile
      ? { kind: 'string', bytes, hex, span: { start, end: this.pos } }
      : { kind: 'string', bytes, hex };
  }

  array(depth: number): PdfArray {
    this.pos++;
    const items: PdfValue[] = [];
    for (;;) {
      this.skipSpace();
      const c = this.byte();
      if (c < 0) throw new StructureError('an array is not closed');
      if (c === 0x5d) {
        this.pos++;
        return { kind: 'array', items };
      }
      items.push(this.value(depth + 1));
    }
  }

  dictionary(depth: number): PdfDict {
    this.pos += 2;
    const entries = new Map<string, PdfValue>();
    const duplicateKeys: string[] = [];
    for (;;) {
      this.skipSpace();
      const c = this.byte();
      if (c < 0) throw new StructureError('a dictionary is not closed');
      if (c === 0x3e) {
        if (this.byte(this.pos + 1) !== 0x3e)
          throw new StructureError(`a dictionary is badly closed at byte ${this.pos}`);
        this.pos += 2;
        return { kind: 'dict', entries, duplicateKeys };
      }
      if (c !== 0x2f) throw new StructureError(`a dictionary key is not a name at byte ${this.pos}`);
      const key = this.name().name;
      const value = this.value(depth + 1);
      if (entries.has(key)) duplicateKeys.push(key);
      else entries.set(key, value);
    }
  }

  numberOrReference(): PdfValue {
    const start = this.pos;
    while (this.pos < this.end && (isDigit(this.byte()) || [0x2b, 0x2d, 0x2e].includes(this.byte())))
      if (++this.pos - start > 40) throw new StructureError('a number is too long');
    const text = latin1(this.data.subarray(start, this.pos));
    if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(text)) throw new StructureError(`"${text}" is not a number`);
    if (text.includes('.')) return { kind: 'real', value: Number(text) };
    const value = Number(text);
    if (!Number.isSafeInteger(value)) throw new StructureError(`${text.slice(0, 20)} is too large a number`);
    // "N G R" is a reference: look two tokens ahead and step back when it is not one.
    if (/^\d+$/.test(text) && value <= limits.objectNumber) {
      const after = this.pos;
      this.skipSpace();
      const gen = this.unsignedInteger();
      if (gen !== undefined && gen <= 65535) {
        this.skipSpace();
        if (this.byte() === 0x52 && !isRegular(this.byte(this.pos + 1))) {
          this.pos++;
          return { kind: 'ref', num: value, gen };
        }
      }
      this.pos = after;
    }
    return value;
  }
}

// --- value helpers ----------------------------------------------------------------------------------

export const isDict = (v: PdfValue | undefined): v is PdfDict => typeof v === 'object' && v?.kind === 'dict';
export const isArray = (v: PdfValue | undefined): v is PdfArray =>
  typeof v === 'object' && v?.kind === 'array';
export const isRef = (v: PdfValue | undefined): v is PdfRef => typeof v === 'object' && v?.kind === 'ref';
export const isStream = (v: PdfValue | undefined): v is PdfStream =>
  typeof v === 'object' && v?.kind === 'stream';
export const isString = (v: PdfValue | undefined): v is PdfString =>
  typeof v === 'object' && v?.kind === 'string';
export const nameOf = (v: PdfValue | undefined): string | undefined =>
  typeof v === 'object' && v?.kind === 'name' ? v.name : undefined;
const integerOf = (v: PdfValue | undefined): number | undefined => (typeof v === 'number' ? v : undefined);
const numberOf = (v: PdfValue | undefined): number =>
  typeof v === 'number' ? v : typeof v === 'object' && v?.kind === 'real' ? v.value : Number.NaN;
/** The dictionary of a dict or of a stream. */
const dictOf = (v: PdfValue | undefined): PdfDict | undefined =>
  isDict(v) ? v : isStream(v) ? v.dict : undefined;
const refKey = (ref: PdfRef) => `${ref.num} ${ref.gen}`;

/** A PDF text string: UTF-16 with a byte order mark, else (close enough for names) Latin-1. */
export function textOf(v: PdfValue | undefined): string | undefined {
  if (!isString(v)) return undefined;
  const b = v.bytes;
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) {
    let s = '';
    for (let i = 2; i + 1 < b.length; i += 2) s += String.fromCharCode(((b[i] ?? 0) << 8) | (b[i + 1] ?? 0));
    return s;
  }
  if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf)
    return Buffer.from(b.subarray(3)).toString('utf8');
  return latin1(b);
}

/** Deep equality of two values as written (references compared by number, not followed). */
export function sameValue(a: PdfValue | undefined, b: PdfValue | undefined, depth = 0): boolean {
  if (depth > limits.depth) return false;
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined) return false;
  if (typeof a !== 'object' || typeof b !== 'object') return false;
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'real':
      return a.value === (b as PdfReal).value;
    case 'name':
      return a.name === (b as PdfName).name;
    case 'ref':
      return a.num === (b as PdfRef).num && a.gen === (b as PdfRef).gen;
    case 'string':
      return Buffer.from(a.bytes).equals(Buffer.from((b as PdfString).bytes));
    case 'array': {
      const items = (b as PdfArray).items;
      return (
        a.items.length === items.length && a.items.every((item, i) => sameValue(item, items[i], depth + 1))
      );
    }
    case 'dict':
      return sameDict(a, b as PdfDict, depth);
    case 'stream':
      return false;
  }
}

function sameDict(a: PdfDict, b: PdfDict, depth: number): boolean {
  if (a.entries.size !== b.entries.size) return false;
  for (const [key, value] of a.entries) if (!sameValue(value, b.entries.get(key), depth + 1)) return false;
  return true;
}

/** The keys whose values differ between two dictionaries. */
function differingKeys(a: PdfDict, b: PdfDict): string[] {
  const keys = new Set([...a.entries.keys(), ...b.entries.keys()]);
  return [...keys].filter((key) => !sameValue(a.entries.get(key), b.entries.get(key)));
}

// --- the cross-reference chain ------------------------------------------------------------------------

type XrefEntry =
  | { readonly type: 'free' }
  | { readonly type: 'offset'; readonly offset: number; readonly gen: number }
  | { readonly type: 'compressed'; readonly stream: number; readonly index: number };

interface XrefSection {
  readonly offset: number;
  readonly kind: 'table' | 'stream';
  readonly entries: Map<number, XrefEntry>;
  readonly trailer: PdfDict;
  /** The byte after the section (after the trailer dictionary, or after the xref stream's endobj). */
  readonly end: number;
  readonly tail: Tail;
}

/** `startxref <n> %%EOF` after a section. */
interface Tail {
  readonly value: number;
  /** After `%%EOF`. */
  readonly markerEnd: number;
  /** After `%%EOF` and its end of line, if any. */
  readonly end: number;
}

/** One incremental revision: the file's bytes [0, end) are the document as it was then. */
export interface PdfRevision {
  readonly index: number;
  /** The byte after this revision's `%%EOF`. */
  readonly markerEnd: number;
  /** The byte after its `%%EOF` and the end of line that follows it. */
  readonly end: number;
  readonly xrefKinds: readonly ('table' | 'stream')[];
}

/** A signature dictionary (/V of a signature field), as read. */
export interface PdfSignatureField {
  /** The fully qualified field name (partial names joined by dots). */
  readonly fieldName: string;
  /** `Sig` or `DocTimeStamp` (or whatever else the file says). */
  readonly type?: string;
  readonly filter?: string;
  readonly subFilter?: string;
  /** The ByteRange's integers, when it is an array of integers. */
  readonly byteRange?: readonly number[];
  readonly contents?: PdfString;
  /** Keys the signature dictionary or its field writes more than once. */
  readonly duplicateKeys: readonly string[];
  /** Where the signature dictionary's object sits in the file; absent if inside an object stream. */
  readonly dictionaryOffset?: number;
  /** The revision whose bytes hold the signature dictionary. */
  readonly revision?: PdfRevision;
  /** The /M entry (the signer's claimed time, a PDF date). */
  readonly claimedTime?: string;
  readonly reference?: PdfRef;
  readonly fieldReference?: PdfRef;
  readonly widgetReferences: readonly PdfRef[];
}

export interface PdfDss {
  readonly certificates: readonly Uint8Array[];
  readonly crls: readonly Uint8Array[];
  readonly ocsps: readonly Uint8Array[];
}

export interface PdfStructure {
  readonly byteLength: number;
  readonly version: string;
  /** In file order; the last one ends the file. */
  readonly revisions: readonly PdfRevision[];
  readonly encrypted: boolean;
  /** In file order. */
  readonly signatures: readonly PdfSignatureField[];
  readonly needAppearances: boolean;
  /** Keys of the catalog's /Perms (DocMDP, UR3). */
  readonly permissions: readonly string[];
  /** The DocMDP permission level (1 no changes, 2 form filling and signing, 3 also annotations). */
  readonly docMdpLevel?: number;
  readonly dss?: PdfDss;
  /** What the revisions after byte `signedEnd` add and change. */
  changesAfter(signedEnd: number): PdfChanges;
}

export interface PdfChanges {
  readonly revisionsAdded: number;
  /** Bytes after the signed revision, trailing whitespace excluded. */
  readonly bytesAdded: number;
  /** Objects added, changed or deleted (unchanged re-writes and cross-reference streams not counted). */
  readonly objectsChanged: number;
  readonly dssAdded: boolean;
  readonly documentTimestampsAdded: number;
  /** Changes outside the validation-data allowance, described in words (the first few). */
  readonly disallowed: readonly string[];
  readonly disallowedCount: number;
}

export type PdfStructureResult = { ok: true; structure: PdfStructure } | { ok: false; reason: string };

const eofMarker = Buffer.from('%%EOF', 'latin1');
const startxrefWord = Buffer.from('startxref', 'latin1');

/** Reads the structure of a PDF. Never throws: a damaged or hostile file gives a reason instead. */
export function readPdfStructure(bytes: Uint8Array): PdfStructureResult {
  try {
    return { ok: true, structure: new PdfReader(bytes).read() };
  } catch (error) {
    if (error instanceof StructureError) return { ok: false, reason: error.message };
    // A limit of the runtime (a stack or memory bound) on hostile input is a damaged file too.
    return {
      ok: false,
      reason: `the file could not be read (${error instanceof Error ? error.message : String(error)})`,
    };
  }
}

class PdfReader {
  private readonly data: Buffer;
  private sections: XrefSection[] = [];
  private readonly objectCache = new Map<string, PdfValue>();
  private readonly objectStreamCache = new Map<
    string,
    { data: Uint8Array; offsets: Map<number, [number, number]> }
  >();
  private inflated = 0;
  private readonly danglingCache = new Map<number, Set<number>>();

  constructor(bytes: Uint8Array) {
    this.data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  read(): PdfStructure {
    const data = this.data;
    if (data.length === 0) throw new StructureError('the file is empty');
    const header = /^%PDF-([12]\.\d)/.exec(data.subarray(0, 16).toString('latin1'));
    if (!header?.[1]) throw new StructureError('the file does not start as a PDF does (%PDF-1.x)');
    const finalTail = this.finalTail();
    this.readChain(finalTail.value);
    const revisions = this.revisions(finalTail);
    const encrypted = this.sections.some((s) => s.trailer.entries.has('Encrypt'));
    const catalog = this.catalog(0);
    const acroForm = dictOf(this.resolve(catalog.entries.get('AcroForm'), 0));
    // Where a key decides what is checked (/AcroForm, /NeedAppearances, /Root, /Prev…), a second copy
    // is one viewers may read instead of the first.
    const ambiguous = [
      ...this.sections.map((section) => ({ what: 'a trailer', dict: section.trailer })),
      { what: 'the document catalog', dict: catalog },
      ...(acroForm ? [{ what: 'the form (AcroForm)', dict: acroForm }] : []),
    ].find(({ dict }) => dict.duplicateKeys.length > 0);
    if (ambiguous)
      throw new StructureError(
        `${ambiguous.what} names /${ambiguous.dict.duplicateKeys[0]} more than once, which viewers read differently`,
      );
    const signatures = acroForm ? this.signatureFields(acroForm, revisions) : [];
    const perms = dictOf(this.resolve(catalog.entries.get('Perms'), 0));
    const dssValue = catalog.entries.get('DSS');
    return {
      byteLength: data.length,
      version: header[1],
      revisions,
      encrypted,
      signatures,
      needAppearances: acroForm?.entries.get('NeedAppearances') === true,
      permissions: perms ? [...perms.entries.keys()] : [],
      docMdpLevel: perms ? this.docMdpLevel(perms) : undefined,
      dss: dssValue === undefined ? undefined : this.dss(dssValue),
      changesAfter: (signedEnd) => {
        try {
          return this.changesAfter(signedEnd, revisions, signatures);
        } catch (error) {
          // A later revision too damaged to compare is a change that cannot be vouched for.
          const reason = error instanceof Error ? error.message : String(error);
          return {
            revisionsAdded: revisions.filter((r) => r.markerEnd > signedEnd).length,
            bytesAdded: Math.max(0, this.data.length - signedEnd),
            objectsChanged: 0,
            dssAdded: false,
            documentTimestampsAdded: 0,
            disallowed: [`a later revision could not be compared (${reason})`],
            disallowedCount: 1,
          };
        }
      },
    };
  }

  // --- revisions ------------------------------------------------------------------------------------

  /** The file ends with `startxref <n> %%EOF` and then only whitespace. */
  private finalTail(): Tail {
    const data = this.data;
    let end = data.length;
    while (end > 0 && isWhite(data[end - 1] ?? -1)) end--;
    const markerAt = end - eofMarker.length;
    if (markerAt < 0 || !data.subarray(markerAt, end).equals(eofMarker))
      throw new StructureError(
        'the file does not end with an end-of-file marker (%%EOF): it is cut short, or data was appended after its end',
      );
    const wordAt = data.lastIndexOf(startxrefWord, markerAt);
    if (wordAt < 0 || markerAt - wordAt > 64)
      throw new StructureError('the file does not end with startxref and %%EOF: it is cut short or damaged');
    const tail = this.tailAt(wordAt);
    if (!tail || tail.markerEnd !== end) throw new StructureError('the file’s last startxref is damaged');
    return tail;
  }

  /** `startxref <n> %%EOF` starting at `at` (after whitespace), or undefined. */
  private tailAt(at: number): Tail | undefined {
    const p = new ObjectParser(this.data, true, at);
    p.skipWhite();
    if (!this.data.subarray(p.pos, p.pos + startxrefWord.length).equals(startxrefWord)) return undefined;
    p.pos += startxrefWord.length;
    p.skipWhite();
    const value = p.unsignedInteger();
    if (value === undefined) return undefined;
    p.skipWhite();
    if (!this.data.subarray(p.pos, p.pos + eofMarker.length).equals(eofMarker)) return undefined;
    const markerEnd = p.pos + eofMarker.length;
    let end = markerEnd;
    if (this.data[end] === 0x0d) end++;
    if (this.data[end] === 0x0a) end++;
    return { value, markerEnd, end };
  }

  private readChain(start: number): void {
    const seen = new Set<number>();
    let offset: number | undefined = start;
    while (offset !== undefined) {
      if (seen.has(offset))
        throw new StructureError('the cross-reference chain (/Prev) loops back on itself');
      if (seen.size >= limits.sections) throw new StructureError('the file has too many revisions');
      if (offset >= this.data.length)
        throw new StructureError(`a cross-reference offset (${offset}) is past the end`);
      seen.add(offset);
      const section = this.section(offset);
      this.sections.push(section);
      const prev = section.trailer.entries.get('Prev');
      if (prev !== undefined && integerOf(prev) === undefined)
        throw new StructureError('a trailer’s /Prev is not an offset');
      offset = integerOf(prev);
    }
  }

  private section(offset: number): XrefSection {
    const p = new ObjectParser(this.data, true, offset);
    p.skipWhite();
    const isTable = this.data.subarray(p.pos, p.pos + 4).toString('latin1') === 'xref';
    const read = isTable ? this.xrefTable(p.pos) : this.xrefStream(p.pos);
    const tail = this.tailAt(read.end);
    if (!tail)
      throw new StructureError(
        `the revision whose cross-reference is at byte ${offset} is not closed by startxref and %%EOF`,
      );
    return { offset, kind: isTable ? 'table' : 'stream', ...read, tail };
  }

  private xrefTable(at: number): Omit<XrefSection, 'offset' | 'kind' | 'tail'> {
    const p = new ObjectParser(this.data, true, at + 4);
    const entries = new Map<number, XrefEntry>();
    for (;;) {
      p.skipSpace();
      if (!isDigit(p.byte())) break;
      const first = p.unsignedInteger();
      p.skipSpace();
      const count = p.unsignedInteger();
      if (first === undefined || count === undefined || first + count > limits.objectNumber + 1)
        throw new StructureError(`a cross-reference subsection header is damaged near byte ${p.pos}`);
      // Each entry takes 20 bytes: a count larger than the rest of the file is a lie.
      if (count * 18 > this.data.length - p.pos)
        throw new StructureError('a cross-reference subsection claims more entries than the file holds');
      for (let i = 0; i < count; i++) {
        p.skipWhite();
        const offset = p.unsignedInteger();
        p.skipWhite();
        const gen = p.unsignedInteger();
        p.skipWhite();
        const type = p.keyword();
        if (offset === undefined || gen === undefined || (type !== 'n' && type !== 'f'))
          throw new StructureError(`a cross-reference entry is damaged near byte ${p.pos}`);
        const num = first + i;
        if (entries.has(num))
          throw new StructureError(`object ${num} is listed twice in one cross-reference table`);
        entries.set(num, type === 'f' ? { type: 'free' } : { type: 'offset', offset, gen });
      }
    }
    p.expectKeyword('trailer', 'the trailer');
    p.skipSpace();
    const trailer = p.value(0);
    if (!isDict(trailer)) throw new StructureError('the trailer is not a dictionary');
    const end = p.pos;
    const hybrid = trailer.entries.get('XRefStm');
    if (hybrid !== undefined) {
      const offset = integerOf(hybrid);
      if (offset === undefined || offset >= this.data.length)
        throw new StructureError('a trailer’s /XRefStm is damaged');
      // A hybrid file: entries the table lacks come from the cross-reference stream.
      for (const [num, entry] of this.xrefStream(offset).entries)
        if (!entries.has(num)) entries.set(num, entry);
    }
    return { entries, trailer, end };
  }

  private xrefStream(at: number): Omit<XrefSection, 'offset' | 'kind' | 'tail'> {
    const { value, end } = this.indirectObjectAt(at, undefined, -1);
    if (!isStream(value) || nameOf(value.dict.entries.get('Type')) !== 'XRef')
      throw new StructureError(`there is no cross-reference at byte ${at}`);
    const dict = value.dict;
    const widths = dict.entries.get('W');
    const size = integerOf(dict.entries.get('Size'));
    if (!isArray(widths) || widths.items.length !== 3 || size === undefined)
      throw new StructureError('a cross-reference stream lacks /W or /Size');
    const w = widths.items.map((x) => integerOf(x) ?? -1);
    if (w.some((x) => x < 0 || x > 7))
      throw new StructureError('a cross-reference stream has field widths out of range');
    const [w0 = 0, w1 = 0, w2 = 0] = w;
    const rowLength = w0 + w1 + w2;
    const index = dict.entries.get('Index');
    const ranges: number[] = isArray(index) ? index.items.map((x) => integerOf(x) ?? -1) : [0, size];
    if (ranges.length % 2 !== 0 || ranges.some((x) => x < 0))
      throw new StructureError('a cross-reference stream’s /Index is damaged');
    const rows = ranges.reduce((n, x, i) => (i % 2 === 1 ? n + x : n), 0);
    if (rowLength === 0 || rows > limits.objectNumber + 1)
      throw new StructureError('a cross-reference stream is damaged');
    const decoded = this.decodeStream(value, rows * rowLength);
    if (decoded.length < rows * rowLength)
      throw new StructureError('a cross-reference stream is shorter than its /Index');
    const field = (row: number, from: number, width: number, fallback: number) => {
      if (width === 0) return fallback;
      let v = 0;
      for (let i = 0; i < width; i++) v = v * 256 + (decoded[row * rowLength + from + i] ?? 0);
      return v;
    };
    const entries = new Map<number, XrefEntry>();
    let row = 0;
    for (let r = 0; r < ranges.length; r += 2) {
      const first = ranges[r] ?? 0;
      const count = ranges[r + 1] ?? 0;
      if (first + count > limits.objectNumber + 1)
        throw new StructureError('a cross-reference stream names too many objects');
      for (let i = 0; i < count; i++, row++) {
        const type = field(row, 0, w0, 1);
        const a = field(row, w0, w1, 0);
        const b = field(row, w0 + w1, w2, 0);
        const num = first + i;
        if (entries.has(num))
          throw new StructureError(`object ${num} is listed twice in one cross-reference stream`);
        // Types other than 0, 1 and 2 are reserved: ISO 32000 says to read them as the null object.
        if (type === 0) entries.set(num, { type: 'free' });
        else if (type === 1) entries.set(num, { type: 'offset', offset: a, gen: b });
        else if (type === 2) entries.set(num, { type: 'compressed', stream: a, index: b });
      }
    }
    return { entries, trailer: dict, end };
  }

  /**
   * The revisions, in file order. A revision ends at a `%%EOF` whose startxref names a section of
   * the chain; a section followed by some other startxref (the first-page section of a linearized
   * file says `startxref 0`) belongs to the next such end.
   */
  private revisions(finalTail: Tail): PdfRevision[] {
    const offsets = new Set(this.sections.map((s) => s.offset));
    const boundaries = [...this.sections.map((s) => s.tail), finalTail]
      .filter((t) => offsets.has(t.value))
      .sort((a, b) => a.end - b.end)
      .filter((t, i, all) => i === 0 || all[i - 1]?.end !== t.end);
    const sectionsOf = boundaries.map(() => [] as number[]);
    this.sections.forEach((section, chainIndex) => {
      const r = boundaries.findIndex((b) => b.end >= section.tail.end);
      if (r < 0) throw new StructureError('a revision ends after the file does');
      sectionsOf[r]?.push(chainIndex);
    });
    const revisions: PdfRevision[] = [];
    let newestOfPrevious = Number.POSITIVE_INFINITY;
    boundaries.forEach((boundary, r) => {
      const members = sectionsOf[r] ?? [];
      if (members.length === 0) return;
      // Later revisions are newer in the /Prev chain; a file whose order disagrees is not one revision
      // history but two stories told by the same bytes.
      if (Math.max(...members) >= newestOfPrevious)
        throw new StructureError(
          'the revisions are out of order: a later revision is older in the /Prev chain',
        );
      newestOfPrevious = Math.min(...members);
      revisions.push({
        index: revisions.length,
        markerEnd: boundary.markerEnd,
        end: boundary.end,
        xrefKinds: members.map((i) => this.sections[i]?.kind ?? 'table'),
      });
    });
    return revisions;
  }

  // --- objects --------------------------------------------------------------------------------------

  /** The entry for object `num` as of chain index `view` (sections view … oldest). */
  private entry(num: number, view: number): XrefEntry | undefined {
    for (let i = view; i < this.sections.length; i++) {
      const entry = this.sections[i]?.entries.get(num);
      if (entry) return entry;
    }
    return undefined;
  }

  /** The object a reference names as of chain index `view`; null when it is free or missing. */
  lookup(ref: PdfRef, view: number, indirection = 0): PdfValue {
    if (indirection > limits.indirection) throw new StructureError('references lead too deep');
    const entry = this.entry(ref.num, view);
    if (!entry || entry.type === 'free') return null;
    if (entry.type === 'offset') {
      if (entry.gen !== ref.gen) return null;
      return this.objectAt(entry.offset, ref.num, ref.gen, view, indirection);
    }
    if (ref.gen !== 0) return null;
    return this.compressedObject(entry.stream, entry.index, ref.num, view, indirection);
  }

  resolve(value: PdfValue | undefined, view: number): PdfValue | undefined {
    return isRef(value) ? this.lookup(value, view) : value;
  }

  private objectAt(offset: number, num: number, gen: number, view: number, indirection: number): PdfValue {
    const key = `${offset}@${view}`;
    const cached = this.objectCache.get(key);
    if (cached !== undefined) return cached;
    if (offset >= this.data.length)
      throw new StructureError(`object ${num} is listed past the end of the file`);
    const { value } = this.indirectObjectAt(offset, { num, gen }, view, indirection);
    this.objectCache.set(key, value);
    return value;
  }

  /** `num gen obj … endobj` at `at`, checked against the number the cross-reference gave. */
  private indirectObjectAt(
    at: number,
    expected: { num: number; gen: number } | undefined,
    view: number,
    indirection = 0,
  ): { value: PdfValue; end: number } {
    const p = new ObjectParser(this.data, true, at);
    p.skipWhite();
    const num = p.unsignedInteger();
    p.skipWhite();
    const gen = p.unsignedInteger();
    p.skipWhite();
    if (num === undefined || gen === undefined || p.keyword() !== 'obj')
      throw new StructureError(`the cross-reference points to byte ${at}, where no object starts`);
    if (expected && (num !== expected.num || gen !== expected.gen))
      throw new StructureError(
        `the cross-reference says object ${expected.num} is at byte ${at}, but object ${num} is there`,
      );
    const value = p.value(0);
    p.skipSpace();
    const afterValue = p.pos;
    const word = p.keyword();
    if (word === 'stream') {
      if (!isDict(value)) throw new StructureError(`object ${num} has stream data without a dictionary`);
      // The data starts after CRLF or LF (ISO 32000 7.3.8.1); a lone CR is accepted as writers emit it.
      if (p.byte() === 0x0d) p.pos++;
      if (p.byte() === 0x0a) p.pos++;
      const dataStart = p.pos;
      const length = this.streamLength(value.entries.get('Length'), num, view, indirection);
      const dataEnd = dataStart + length;
      if (dataEnd > this.data.length)
        throw new StructureError(`object ${num}’s stream /Length runs past the end of the file`);
      p.pos = dataEnd;
      p.skipWhite();
      if (p.keyword() !== 'endstream')
        throw new StructureError(`object ${num}’s stream does not end where its /Length says`);
      p.expectKeyword('endobj', `the end of object ${num}`);
      return { value: { kind: 'stream', dict: value, dataStart, dataEnd }, end: p.pos };
    }
    if (word !== 'endobj')
      throw new StructureError(`object ${num} is not closed by endobj (byte ${afterValue})`);
    return { value, end: p.pos };
  }

  private streamLength(value: PdfValue | undefined, num: number, view: number, indirection: number): number {
    const resolved =
      isRef(value) && view >= 0
        ? this.lookup(value, view, indirection + 1)
        : isRef(value)
          ? undefined // a cross-reference stream's own /Length must be direct: there is no table yet
          : value;
    const length = integerOf(resolved ?? undefined);
    if (length === undefined || length < 0)
      throw new StructureError(`object ${num}’s stream has no valid /Length`);
    return length;
  }

  private compressedObject(
    streamNum: number,
    index: number,
    num: number,
    view: number,
    indirection: number,
  ): PdfValue {
    const holder = this.entry(streamNum, view);
    // An object stream is itself never compressed: that would let a chain of streams nest without end.
    if (holder?.type !== 'offset' || holder.gen !== 0)
      throw new StructureError(
        `object ${num} is said to be in object stream ${streamNum}, which is not in the file`,
      );
    const key = `${holder.offset}@${view}`;
    let objectStream = this.objectStreamCache.get(key);
    if (!objectStream) {
      const stream = this.objectAt(holder.offset, streamNum, 0, view, indirection + 1);
      if (!isStream(stream) || nameOf(stream.dict.entries.get('Type')) !== 'ObjStm')
        throw new StructureError(`object ${streamNum} is not an object stream`);
      const count = integerOf(stream.dict.entries.get('N'));
      const first = integerOf(stream.dict.entries.get('First'));
      if (
        count === undefined ||
        first === undefined ||
        count < 0 ||
        count > limits.objectsPerStream ||
        first < 0
      )
        throw new StructureError(`object stream ${streamNum} lacks a valid /N or /First`);
      const data = this.decodeStream(stream);
      const header = new ObjectParser(data, false, 0, Math.min(first, data.length));
      const offsets = new Map<number, [number, number]>();
      for (let i = 0; i < count; i++) {
        header.skipSpace();
        const n = header.unsignedInteger();
        header.skipSpace();
        const o = header.unsignedInteger();
        if (n === undefined || o === undefined || first + o > data.length)
          throw new StructureError(`object stream ${streamNum} has a damaged header`);
        offsets.set(i, [n, first + o]);
      }
      objectStream = { data, offsets };
      this.objectStreamCache.set(key, objectStream);
    }
    const slot = objectStream.offsets.get(index);
    if (!slot || slot[0] !== num)
      throw new StructureError(
        `object ${num} is not where the cross-reference says in object stream ${streamNum}`,
      );
    return new ObjectParser(objectStream.data, false, slot[1]).value(0);
  }

  /** A stream's data, decoded: no filter or FlateDecode (with PNG predictors), within the budget. */
  decodeStream(stream: PdfStream, expected?: number): Uint8Array {
    const raw = this.data.subarray(stream.dataStart, stream.dataEnd);
    const filterValue = stream.dict.entries.get('Filter');
    const filters = isArray(filterValue)
      ? filterValue.items.map(nameOf)
      : filterValue === undefined
        ? []
        : [nameOf(filterValue)];
    if (filters.length === 0) return raw;
    if (filters.length !== 1 || filters[0] !== 'FlateDecode')
      throw new StructureError(`a stream CTS must read uses an unsupported filter (${filters.join(', ')})`);
    const budget = limits.inflatedBytes - this.inflated;
    if (budget <= 0) throw new StructureError('the file’s compressed streams expand to more than CTS reads');
    let inflated: Buffer;
    try {
      inflated = inflateSync(raw, {
        maxOutputLength: Math.max(1, Math.min(budget, (expected ?? budget) * 2 + 1024)),
      });
    } catch (error) {
      throw new StructureError(
        error instanceof RangeError
          ? 'a compressed stream expands to more than CTS reads'
          : 'a compressed stream is damaged',
      );
    }
    this.inflated += inflated.length;
    const parmsValue = stream.dict.entries.get('DecodeParms');
    const parms = isArray(parmsValue) ? dictOf(parmsValue.items[0]) : dictOf(parmsValue);
    const predictor = integerOf(parms?.entries.get('Predictor')) ?? 1;
    if (predictor === 1) return inflated;
    if (predictor < 10) throw new StructureError('a compressed stream uses an unsupported (TIFF) predictor');
    return unpredictPng(
      inflated,
      integerOf(parms?.entries.get('Columns')) ?? 1,
      integerOf(parms?.entries.get('Colors')) ?? 1,
      integerOf(parms?.entries.get('BitsPerComponent')) ?? 8,
    );
  }

  private catalog(view: number): PdfDict {
    for (let i = view; i < this.sections.length; i++) {
      const root = this.sections[i]?.trailer.entries.get('Root');
      if (root === undefined) continue;
      const catalog = this.resolve(root, view);
      if (!isDict(catalog) || nameOf(catalog.entries.get('Type')) !== 'Catalog')
        throw new StructureError('the trailer’s /Root is not a document catalog');
      return catalog;
    }
    throw new StructureError('no trailer names the document catalog (/Root)');
  }

  private rootNumber(view: number): number | undefined {
    for (let i = view; i < this.sections.length; i++) {
      const root = this.sections[i]?.trailer.entries.get('Root');
      if (root !== undefined) return isRef(root) ? root.num : undefined;
    }
    return undefined;
  }

  // --- signatures -------------------------------------------------------------------------------------

  private signatureFields(acroForm: PdfDict, revisions: readonly PdfRevision[]): PdfSignatureField[] {
    const fields = this.resolve(acroForm.entries.get('Fields'), 0);
    if (!isArray(fields)) return [];
    const found: PdfSignatureField[] = [];
    const seen = new Set<string>();
    const seenSignatures = new Set<string>();
    let visited = 0;
    const visit = (value: PdfValue, depth: number, parentName: string, inheritedType: string | undefined) => {
      if (depth > limits.fieldDepth) throw new StructureError('the form’s field tree is nested too deeply');
      if (++visited > limits.fields) throw new StructureError('the form has too many fields');
      if (isRef(value)) {
        if (seen.has(refKey(value))) return;
        seen.add(refKey(value));
      }
      const field = this.resolve(value, 0);
      if (!isDict(field)) return;
      const partial = textOf(field.entries.get('T'));
      const name = partial === undefined ? parentName : parentName ? `${parentName}.${partial}` : partial;
      const type = nameOf(field.entries.get('FT')) ?? inheritedType;
      const kids = this.resolve(field.entries.get('Kids'), 0);
      const kidFields = isArray(kids) ? kids.items : [];
      const signatureValue = field.entries.get('V');
      if (type === 'Sig' && signatureValue !== undefined) {
        const key = isRef(signatureValue) ? refKey(signatureValue) : `direct ${found.length}`;
        if (!seenSignatures.has(key)) {
          seenSignatures.add(key);
          const widgets = isRef(value) && nameOf(field.entries.get('Subtype')) === 'Widget' ? [value] : [];
          for (const kid of kidFields) if (isRef(kid)) widgets.push(kid);
          const signature = this.signatureDictionary(
            signatureValue,
            name,
            revisions,
            isRef(value) ? value : undefined,
            widgets,
            field.duplicateKeys,
          );
          if (signature) found.push(signature);
        }
      }
      for (const kid of kidFields) visit(kid, depth + 1, name, type);
    };
    for (const item of fields.items) visit(item, 0, '', undefined);
    return found.sort(
      (a, b) =>
        (a.dictionaryOffset ?? Number.MAX_SAFE_INTEGER) - (b.dictionaryOffset ?? Number.MAX_SAFE_INTEGER),
    );
  }

  private signatureDictionary(
    value: PdfValue,
    fieldName: string,
    revisions: readonly PdfRevision[],
    fieldReference: PdfRef | undefined,
    widgetReferences: PdfRef[],
    fieldDuplicateKeys: readonly string[],
  ): PdfSignatureField | undefined {
    const dict = this.resolve(value, 0);
    if (!isDict(dict)) return undefined;
    let dictionaryOffset: number | undefined;
    if (isRef(value)) {
      const entry = this.entry(value.num, 0);
      if (entry?.type === 'offset') dictionaryOffset = entry.offset;
    } else if (fieldReference) {
      const entry = this.entry(fieldReference.num, 0);
      if (entry?.type === 'offset') dictionaryOffset = entry.offset;
    }
    const byteRangeValue = dict.entries.get('ByteRange');
    const byteRange =
      isArray(byteRangeValue) && byteRangeValue.items.every((x) => typeof x === 'number')
        ? (byteRangeValue.items as number[])
        : undefined;
    const contents = dict.entries.get('Contents');
    const claimed = textOf(dict.entries.get('M'));
    return {
      fieldName,
      type: nameOf(dict.entries.get('Type')),
      filter: nameOf(dict.entries.get('Filter')),
      subFilter: nameOf(dict.entries.get('SubFilter')),
      byteRange,
      contents: isString(contents) ? contents : undefined,
      duplicateKeys: [...new Set([...fieldDuplicateKeys, ...dict.duplicateKeys])],
      dictionaryOffset,
      revision:
        dictionaryOffset === undefined ? undefined : revisions.find((r) => r.markerEnd > dictionaryOffset),
      claimedTime: claimed,
      reference: isRef(value) ? value : undefined,
      fieldReference,
      widgetReferences,
    };
  }

  private docMdpLevel(perms: PdfDict): number | undefined {
    const signature = dictOf(this.resolve(perms.entries.get('DocMDP'), 0));
    const references = this.resolve(signature?.entries.get('Reference'), 0);
    if (!isArray(references)) return undefined;
    for (const item of references.items) {
      const reference = dictOf(this.resolve(item, 0));
      if (nameOf(reference?.entries.get('TransformMethod')) !== 'DocMDP') continue;
      const params = dictOf(this.resolve(reference?.entries.get('TransformParams'), 0));
      return integerOf(params?.entries.get('P')) ?? 2;
    }
    return undefined;
  }

  /** The validation data of the /DSS (ISO 32000-2 12.8.4.3): DER certificates, CRLs, OCSP responses. */
  private dss(value: PdfValue): PdfDss {
    const dict = dictOf(this.resolve(value, 0));
    const list = (key: string): Uint8Array[] => {
      const array = this.resolve(dict?.entries.get(key), 0);
      if (!isArray(array)) return [];
      if (array.items.length > limits.dssEntries) throw new StructureError(`the /DSS has too many ${key}`);
      return array.items.flatMap((item) => {
        const stream = this.resolve(item, 0);
        return isStream(stream) ? [this.decodeStream(stream)] : [];
      });
    };
    return { certificates: list('Certs'), crls: list('CRLs'), ocsps: list('OCSPs') };
  }

  // --- what later revisions change --------------------------------------------------------------------

  private changesAfter(
    signedEnd: number,
    revisions: readonly PdfRevision[],
    signatures: readonly PdfSignatureField[],
  ): PdfChanges {
    let end = this.data.length;
    while (end > signedEnd && isWhite(this.data[end - 1] ?? -1)) end--;
    const later = revisions.filter((r) => r.end > signedEnd && r.markerEnd > signedEnd);
    const disallowed: string[] = [];
    let objectsChanged = 0;
    let dssAdded = false;
    let documentTimestampsAdded = 0;
    // Sections are newest first; the ones after the signed revision, oldest of them first.
    const laterSections = this.sections
      .map((section, chainIndex) => ({ section, chainIndex }))
      .filter(({ section }) => section.tail.end > signedEnd && section.tail.markerEnd > signedEnd)
      .reverse();
    for (const { section, chainIndex } of laterSections) {
      const change = this.sectionChanges(section, chainIndex, signatures);
      objectsChanged += change.objectsChanged;
      dssAdded ||= change.dss;
      documentTimestampsAdded += change.documentTimestamps;
      disallowed.push(...change.disallowed);
    }
    return {
      revisionsAdded: later.length,
      bytesAdded: Math.max(0, end - signedEnd),
      objectsChanged,
      dssAdded,
      documentTimestampsAdded,
      disallowed: disallowed.slice(0, 5),
      disallowedCount: disallowed.length,
    };
  }

  /**
   * What one later section does, judged against the allowance of ISO 32000-2 12.8.2.2 / PAdES: adding
   * validation data (the /DSS and what it holds) and document timestamps (an invisible signature
   * field holding a /DocTimeStamp, appended to /Fields and to its page's /Annots). Anything else
   * can change what a viewer shows without touching the signed bytes.
   */
  private sectionChanges(
    section: XrefSection,
    view: number,
    signatures: readonly PdfSignatureField[],
  ): { objectsChanged: number; dss: boolean; documentTimestamps: number; disallowed: string[] } {
    const before = view + 1;
    const disallowed: string[] = [];
    const newRoot = this.rootNumber(view);
    // A trailer may point at another catalog, planted in the signed bytes, without adding an object.
    if (newRoot !== this.rootNumber(before))
      disallowed.push('the trailer names a different document catalog');
    const newDss = this.dssObjects(view);
    const oldDss = this.dssObjects(before);
    const timestamps = signatures.filter(
      (s) => s.type === 'DocTimeStamp' && s.dictionaryOffset !== undefined && this.sectionHolds(section, s),
    );
    const timestampObjects = new Set<number>();
    const timestampFields = new Set<number>();
    const timestampWidgets = new Set<number>();
    for (const t of timestamps) {
      if (t.reference) timestampObjects.add(t.reference.num);
      if (t.fieldReference) timestampFields.add(t.fieldReference.num);
      for (const w of t.widgetReferences) timestampWidgets.add(w.num);
    }
    /** Arrays and dictionaries that an allowed change points at: new objects that are allowed if so. */
    const vouched = new Set<number>();
    const pendingNew: { num: number; what: string }[] = [];
    let objectsChanged = 0;
    let dss = false;
    const appended = (
      oldValue: PdfValue | undefined,
      newValue: PdfValue | undefined,
      allowed: Set<number>,
    ) => {
      if (isRef(newValue)) vouched.add(newValue.num);
      const o = this.resolve(oldValue, before) ?? { kind: 'array', items: [] };
      const n = this.resolve(newValue, view);
      if (!isArray(o) || !isArray(n) || n.items.length < o.items.length) return false;
      return n.items.every((item, i) =>
        i < o.items.length ? sameValue(item, o.items[i]) : isRef(item) && allowed.has(item.num),
      );
    };
    for (const [num, entry] of section.entries) {
      if (num === 0 && entry.type === 'free') continue;
      const oldEntry = this.entry(num, before);
      if (entry.type === 'free') {
        if (oldEntry && oldEntry.type !== 'free') {
          objectsChanged++;
          disallowed.push(`object ${num} was deleted`);
        }
        continue;
      }
      if (oldEntry && sameEntry(oldEntry, entry)) continue;
      const ref: PdfRef = { kind: 'ref', num, gen: entry.type === 'offset' ? entry.gen : 0 };
      const newValue = this.lookup(ref, view);
      const oldValue = oldEntry && oldEntry.type !== 'free' ? this.lookupAny(num, before) : undefined;
      if (
        isStream(newValue) &&
        ['XRef', 'ObjStm'].includes(nameOf(newValue.dict.entries.get('Type')) ?? '')
      ) {
        if (oldValue === undefined) continue;
      }
      if (oldValue !== undefined && this.sameObject(oldValue, newValue)) continue;
      objectsChanged++;
      const what = describe(newValue);
      if (oldValue === undefined) {
        // The signed revision already points at this number (a reference to nothing, which viewers
        // skip): filling it later changes what the signed pages show (a shadow attack).
        if (this.danglingReferences(before).has(num)) {
          disallowed.push(
            `object ${num} (${what}) was added where the signed document already referred to it`,
          );
          continue;
        }
        if (newDss.has(num)) {
          dss = true;
          continue;
        }
        // A widget first: a timestamp field is often its own widget, and a visible one could show anything.
        if (timestampWidgets.has(num)) {
          if (!invisible(dictOf(newValue))) disallowed.push(`a visible widget (object ${num}) was added`);
          continue;
        }
        if (timestampObjects.has(num) || timestampFields.has(num)) continue;
        pendingNew.push({ num, what });
        continue;
      }
      if (num === newRoot && isDict(oldValue) && isDict(newValue)) {
        const keys = differingKeys(oldValue, newValue);
        const allowedKeys = ['DSS', 'Extensions', ...(timestamps.length > 0 ? ['AcroForm'] : [])];
        if (keys.includes('DSS')) dss = true;
        if (keys.every((k) => allowedKeys.includes(k))) {
          if (
            keys.includes('AcroForm') &&
            !this.acroFormAppended(oldValue, newValue, view, timestampFields, vouched, appended)
          )
            disallowed.push('the form (AcroForm) was changed');
          continue;
        }
        disallowed.push(`the document catalog was changed (${keys.join(', ')})`);
        continue;
      }
      if (oldDss.has(num) && newDss.has(num)) {
        dss = true;
        continue;
      }
      if (timestamps.length > 0 && isDict(oldValue) && isDict(newValue)) {
        const keys = differingKeys(oldValue, newValue);
        // An empty signature field the document timestamp fills: only its value may change.
        if (timestampFields.has(num) && keys.every((k) => k === 'V')) continue;
        if (keys.length > 0 && keys.every((k) => k === 'Annots')) {
          if (appended(oldValue.entries.get('Annots'), newValue.entries.get('Annots'), timestampWidgets))
            continue;
        } else if (keys.length > 0 && keys.every((k) => k === 'Fields' || k === 'SigFlags')) {
          if (
            !keys.includes('Fields') ||
            appended(oldValue.entries.get('Fields'), newValue.entries.get('Fields'), timestampFields)
          )
            continue;
        }
      }
      if (timestamps.length > 0 && isArray(oldValue) && isArray(newValue)) {
        const added = new Set([...timestampFields, ...timestampWidgets]);
        if (appended(oldValue, newValue, added)) continue;
      }
      disallowed.push(`object ${num} (${what}) was changed`);
    }
    for (const { num, what } of pendingNew)
      if (!vouched.has(num)) disallowed.push(`object ${num} (${what}) was added`);
    return { objectsChanged, dss, documentTimestamps: timestamps.length, disallowed };
  }

  /** The catalog's /AcroForm changed only by appending timestamp fields (and /SigFlags). */
  private acroFormAppended(
    oldCatalog: PdfDict,
    newCatalog: PdfDict,
    view: number,
    fields: Set<number>,
    vouched: Set<number>,
    appended: (o: PdfValue | undefined, n: PdfValue | undefined, allowed: Set<number>) => boolean,
  ): boolean {
    const newValue = newCatalog.entries.get('AcroForm');
    if (isRef(newValue)) vouched.add(newValue.num);
    const o = dictOf(this.resolve(oldCatalog.entries.get('AcroForm'), view + 1));
    const n = dictOf(this.resolve(newValue, view));
    if (!o || !n) return false;
    const keys = differingKeys(o, n);
    return (
      keys.every((k) => k === 'Fields' || k === 'SigFlags') &&
      (!keys.includes('Fields') || appended(o.entries.get('Fields'), n.entries.get('Fields'), fields))
    );
  }

  private lookupAny(num: number, view: number): PdfValue | undefined {
    const entry = this.entry(num, view);
    if (!entry || entry.type === 'free') return undefined;
    const value = this.lookup({ kind: 'ref', num, gen: entry.type === 'offset' ? entry.gen : 0 }, view);
    return value ?? undefined;
  }

  private sameObject(a: PdfValue, b: PdfValue): boolean {
    if (isStream(a) && isStream(b)) {
      if (!sameDict(a.dict, b.dict, 0)) return false;
      return this.data.subarray(a.dataStart, a.dataEnd).equals(this.data.subarray(b.dataStart, b.dataEnd));
    }
    return sameValue(a, b);
  }

  private sectionHolds(section: XrefSection, signature: PdfSignatureField): boolean {
    return signature.reference !== undefined && section.entries.has(signature.reference.num);
  }

  /** Object numbers that the objects of chain index `view` refer to, but that do not exist there. */
  private danglingReferences(view: number): Set<number> {
    const cached = this.danglingCache.get(view);
    if (cached) return cached;
    const dangling = new Set<number>();
    const exists = (num: number) => {
      const entry = this.entry(num, view);
      return entry !== undefined && entry.type !== 'free';
    };
    const walk = (value: PdfValue | undefined) => {
      if (isRef(value)) {
        if (!exists(value.num)) dangling.add(value.num);
      } else if (isArray(value)) for (const item of value.items) walk(item);
      else if (isDict(value)) for (const item of value.entries.values()) walk(item);
      else if (isStream(value)) walk(value.dict);
    };
    const seen = new Set<number>();
    for (let i = view; i < this.sections.length; i++) {
      const section = this.sections[i] as XrefSection;
      walk(section.trailer);
      for (const [num, entry] of section.entries) {
        if (seen.has(num)) continue;
        seen.add(num);
        if (entry.type === 'free') continue;
        if (seen.size > limits.referenceScan)
          throw new StructureError('the document has too many objects to compare its revisions');
        try {
          walk(this.lookup({ kind: 'ref', num, gen: entry.type === 'offset' ? entry.gen : 0 }, view));
        } catch (error) {
          // An unreadable object of the signed revision refers to nothing a viewer would show.
          if (!(error instanceof StructureError)) throw error;
        }
      }
    }
    this.danglingCache.set(view, dangling);
    return dangling;
  }

  /** Object numbers reachable from the catalog's /DSS as of chain index `view`. */
  private dssObjects(view: number): Set<number> {
    const found = new Set<number>();
    if (view >= this.sections.length) return found;
    const root = this.catalog(view).entries.get('DSS');
    const walk = (value: PdfValue | undefined, depth: number) => {
      if (value === undefined || depth > 6 || found.size > limits.dssObjects) return;
      if (isRef(value)) {
        if (found.has(value.num)) return;
        found.add(value.num);
        const target = this.lookup(value, view);
        if (!isStream(target)) walk(target, depth + 1);
        return;
      }
      if (isArray(value)) for (const item of value.items) walk(item, depth + 1);
      else if (isDict(value)) for (const item of value.entries.values()) walk(item, depth + 1);
    };
    walk(root, 0);
    return found;
  }
}

const sameEntry = (a: XrefEntry, b: XrefEntry) =>
  (a.type === 'offset' && b.type === 'offset' && a.offset === b.offset && a.gen === b.gen) ||
  (a.type === 'compressed' && b.type === 'compressed' && a.stream === b.stream && a.index === b.index);

/** A widget nobody sees: a zero-area rectangle, or the Hidden or NoView flag. */
function invisible(widget: PdfDict | undefined): boolean {
  if (!widget) return false;
  const flags = integerOf(widget.entries.get('F')) ?? 0;
  if ((flags & 2) !== 0 || (flags & 32) !== 0) return true;
  const rect = widget.entries.get('Rect');
  if (!isArray(rect) || rect.items.length !== 4) return false;
  const [x1, y1, x2, y2] = rect.items.map(numberOf);
  return x1 === x2 || y1 === y2;
}

/** What an object is, in words for ARO. */
function describe(value: PdfValue | undefined): string {
  const dict = dictOf(value);
  const type = nameOf(dict?.entries.get('Type'));
  const subtype = nameOf(dict?.entries.get('Subtype'));
  if (type === 'Page') return 'a page';
  if (type === 'Pages') return 'the page tree';
  if (type === 'Annot' || subtype === 'Widget') return `an annotation${subtype ? ` (${subtype})` : ''}`;
  if (type === 'Font') return 'a font';
  if (type === 'XObject' || subtype === 'Image' || subtype === 'Form')
    return `an XObject${subtype ? ` (${subtype})` : ''}`;
  if (type === 'Sig') return 'a signature';
  if (nameOf(dict?.entries.get('FT'))) return 'a form field';
  if (isStream(value)) return 'a content or data stream';
  if (isDict(value)) return type ? `a ${type} dictionary` : 'a dictionary';
  if (isArray(value)) return 'an array';
  return 'a value';
}

/** Undoes PNG row predictors (ISO 32000 7.4.4.4), as cross-reference streams use them. */
function unpredictPng(
  data: Uint8Array,
  columns: number,
  colors: number,
  bitsPerComponent: number,
): Uint8Array {
  if (columns < 1 || colors < 1 || ![1, 2, 4, 8, 16].includes(bitsPerComponent) || columns * colors > 1 << 20)
    throw new StructureError('a compressed stream has unsupported predictor parameters');
  const pixelBytes = Math.max(1, (colors * bitsPerComponent) >> 3);
  const rowLength = Math.ceil((colors * bitsPerComponent * columns) / 8);
  const rows = Math.floor(data.length / (rowLength + 1));
  const out = new Uint8Array(rows * rowLength);
  for (let r = 0; r < rows; r++) {
    const filter = data[r * (rowLength + 1)] ?? 0;
    const src = r * (rowLength + 1) + 1;
    const dst = r * rowLength;
    for (let i = 0; i < rowLength; i++) {
      const raw = data[src + i] ?? 0;
      const left = i >= pixelBytes ? (out[dst + i - pixelBytes] ?? 0) : 0;
      const up = r > 0 ? (out[dst - rowLength + i] ?? 0) : 0;
      const upLeft = r > 0 && i >= pixelBytes ? (out[dst - rowLength + i - pixelBytes] ?? 0) : 0;
      let value: number;
      if (filter === 0) value = raw;
      else if (filter === 1) value = raw + left;
      else if (filter === 2) value = raw + up;
      else if (filter === 3) value = raw + ((left + up) >> 1);
      else if (filter === 4) {
        const p = left + up - upLeft;
        const pa = Math.abs(p - left);
        const pb = Math.abs(p - up);
        const pc = Math.abs(p - upLeft);
        value = raw + (pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft);
      } else throw new StructureError('a compressed stream has an unknown PNG predictor');
      out[dst + i] = value & 0xff;
    }
  }
  return out;
}
