// The signed-transcript corpus, built at test time (no binary blobs committed): a one-page
// transcript written by a tiny PDF writer (classic cross-reference tables, or cross-reference and
// object streams as modern producers write them), signed in an incremental update the way signing
// tools do it (a /Contents placeholder, then the ByteRange around it, then the CMS into the gap),
// and the variants an attacker or an accident makes of it. Each case carries the verdict the
// verifier must reach.
import { deflateSync } from 'node:zlib';
import type {
  CheckOutcome,
  Recommendation,
  SignatureSummary,
  TranscriptFormat,
  TrustList,
} from '../../../functions/transcripts/verification/report.js';
import {
  type CmsOptions,
  corpusDates,
  detachedCms,
  type TestPki,
  testPki,
  timestampToken,
  toBytes,
} from './pki.js';

// --- a tiny PDF writer ------------------------------------------------------------------------------

interface PdfObjectSource {
  num: number;
  /** The dictionary (or any value) between `N 0 obj` and `endobj`. */
  value: string;
  /** Stream data, written raw after the dictionary. */
  stream?: Uint8Array;
}

/** A document as written so far: its bytes and where its last cross-reference section starts. */
export interface WrittenPdf {
  bytes: Buffer;
  xrefOffset: number;
}

interface SectionOptions {
  xrefStream?: boolean;
  /** Objects to pack (compressed) into one object stream; needs xrefStream. */
  packed?: PdfObjectSource[];
  trailerExtra?: string;
  /** Overrides the /Prev a section names (to build hostile chains). */
  prev?: number;
  /** The catalog's object number, when it is not 1. */
  trailerRoot?: number;
}

const latin1 = (text: string) => Buffer.from(text, 'latin1');

function objectBytes(object: PdfObjectSource): Buffer {
  if (!object.stream) return latin1(`${object.num} 0 obj\n${object.value}\nendobj\n`);
  return Buffer.concat([
    latin1(`${object.num} 0 obj\n${object.value}\nstream\n`),
    object.stream,
    latin1('\nendstream\nendobj\n'),
  ]);
}

type XrefRow = { type: 0 | 1 | 2; a: number; b: number };

/**
 * Appends a section (the first one, when `previous` is undefined) holding `objects`, with its
 * cross-reference table or stream, trailer, startxref and %%EOF.
 */
function writeSection(
  previous: WrittenPdf | undefined,
  objects: PdfObjectSource[],
  size: number,
  options: SectionOptions = {},
): WrittenPdf {
  const parts: Buffer[] = [previous ? previous.bytes : latin1('%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n')];
  let at = parts[0]?.length ?? 0;
  const rows = new Map<number, XrefRow>();
  if (!previous) rows.set(0, { type: 0, a: 0, b: 65535 });
  for (const object of objects) {
    const bytes = objectBytes(object);
    rows.set(object.num, { type: 1, a: at, b: 0 });
    parts.push(bytes);
    at += bytes.length;
  }
  const prev = options.prev ?? previous?.xrefOffset;
  const prevEntry = prev === undefined ? '' : ` /Prev ${prev}`;
  let totalSize = size;
  if (options.packed && options.packed.length > 0) {
    const streamNum = totalSize++;
    let header = '';
    let body = '';
    options.packed.forEach((object, index) => {
      header += `${object.num} ${body.length} `;
      body += `${object.value}\n`;
      rows.set(object.num, { type: 2, a: streamNum, b: index });
    });
    const data = deflateSync(latin1(header + body));
    rows.set(streamNum, { type: 1, a: at, b: 0 });
    const bytes = objectBytes({
      num: streamNum,
      value: `<< /Type /ObjStm /N ${options.packed.length} /First ${header.length} /Filter /FlateDecode /Length ${data.length} >>`,
      stream: data,
    });
    parts.push(bytes);
    at += bytes.length;
  }
  const xrefOffset = at;
  if (options.xrefStream) {
    const xrefNum = totalSize++;
    rows.set(xrefNum, { type: 1, a: xrefOffset, b: 0 });
    const nums = [...rows.keys()].sort((x, y) => x - y);
    // PNG "Up" predictor over 7-byte rows (type, 4-byte offset, 2-byte generation), as most producers do.
    const raw = Buffer.alloc(nums.length * 8);
    let previousRow = Buffer.alloc(7);
    nums.forEach((num, i) => {
      const row = rows.get(num) ?? { type: 0, a: 0, b: 0 };
      const bytes = Buffer.alloc(7);
      bytes[0] = row.type;
      bytes.writeUInt32BE(row.a, 1);
      bytes.writeUInt16BE(row.b, 5);
      raw[i * 8] = 2;
      for (let k = 0; k < 7; k++) raw[i * 8 + 1 + k] = ((bytes[k] ?? 0) - (previousRow[k] ?? 0)) & 0xff;
      previousRow = bytes;
    });
    const data = deflateSync(raw);
    const index = subsections(nums)
      .map(([first, count]) => `${first} ${count}`)
      .join(' ');
    parts.push(
      objectBytes({
        num: xrefNum,
        value: `<< /Type /XRef /Size ${totalSize} /W [1 4 2] /Index [${index}] /Root ${options.trailerRoot ?? 1} 0 R${prevEntry} ${options.trailerExtra ?? ''}/Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns 7 >> /Length ${data.length} >>`,
        stream: data,
      }),
    );
  } else {
    let table = 'xref\n';
    const nums = [...rows.keys()].sort((x, y) => x - y);
    for (const [first, count] of subsections(nums)) {
      table += `${first} ${count}\n`;
      for (let num = first; num < first + count; num++) {
        const row = rows.get(num) ?? { type: 0, a: 0, b: 0 };
        table += `${String(row.a).padStart(10, '0')} ${String(row.b).padStart(5, '0')} ${row.type === 0 ? 'f' : 'n'} \n`;
      }
    }
    table += `trailer\n<< /Size ${totalSize} /Root ${options.trailerRoot ?? 1} 0 R${prevEntry} ${options.trailerExtra ?? ''}>>\n`;
    parts.push(latin1(table));
  }
  parts.push(latin1(`startxref\n${xrefOffset}\n%%EOF\n`));
  return { bytes: Buffer.concat(parts), xrefOffset };
}

function subsections(nums: number[]): [number, number][] {
  const out: [number, number][] = [];
  for (const num of nums) {
    const last = out[out.length - 1];
    if (last && last[0] + last[1] === num) last[1]++;
    else out.push([num, 1]);
  }
  return out;
}

// --- the transcript document --------------------------------------------------------------------------

/** What later revisions rewrite: the catalog and the page carry the form, the DSS and the annotations. */
interface DocumentState {
  size: number;
  fields: number[];
  contents: number[];
  dss?: number;
  needAppearances?: boolean;
  image?: number;
  xrefStream: boolean;
}

const transcriptText = [
  'Test University - Official Transcript',
  'Student: Chan Tai Man   ID: 20230001',
  'CCN2046 Introduction to Economics   Grade: B+   Credits: 3',
  'CCN2210 Academic Writing            Grade: A-   Credits: 3',
  'Issued by the Registrar, 15 June 2026',
];

const contentStream = (lines: string[], image?: boolean) =>
  latin1(
    `${image ? 'q 612 0 0 792 0 0 cm /Im1 Do Q\n' : ''}BT /F1 12 Tf 72 720 Td 16 TL ${lines.map((l) => `(${l}) '`).join(' ')} ET`,
  );

const catalog = (state: DocumentState) => {
  const form =
    state.fields.length > 0
      ? ` /AcroForm << /Fields [${state.fields.map((f) => `${f} 0 R`).join(' ')}] /SigFlags 3${state.needAppearances ? ' /NeedAppearances true' : ''} >>`
      : '';
  return `<< /Type /Catalog /Pages 2 0 R${form}${state.dss ? ` /DSS ${state.dss} 0 R` : ''} >>`;
};

const page = (state: DocumentState) => {
  const contents =
    state.contents.length === 1
      ? `${state.contents[0]} 0 R`
      : `[${state.contents.map((c) => `${c} 0 R`).join(' ')}]`;
  const annots = state.fields.length > 0 ? ` /Annots [${state.fields.map((f) => `${f} 0 R`).join(' ')}]` : '';
  const image = state.image ? ` /XObject << /Im1 ${state.image} 0 R >>` : '';
  return `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents ${contents} /Resources << /Font << /F1 5 0 R >>${image} >>${annots} >>`;
};

interface BaseOptions {
  xrefStream?: boolean;
  /** Bytes of incompressible image data on the page (a scanned transcript), for size benchmarks. */
  imageBytes?: number;
  trailerExtra?: string;
  extraObjects?: (state: DocumentState) => PdfObjectSource[];
}

/** The unsigned one-page transcript: catalog, page tree, page, content, font (and an image). */
function unsignedTranscript(options: BaseOptions = {}): { pdf: WrittenPdf; state: DocumentState } {
  const state: DocumentState = {
    size: 6,
    fields: [],
    contents: [4],
    xrefStream: options.xrefStream ?? false,
  };
  const objects: PdfObjectSource[] = [];
  if (options.imageBytes) {
    state.image = state.size++;
    const side = Math.floor(Math.sqrt(options.imageBytes));
    const pixels = Buffer.alloc(side * side);
    let seed = 0x2545f491;
    for (let i = 0; i < pixels.length; i++) {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      pixels[i] = seed & 0xff;
    }
    objects.push({
      num: state.image,
      value: `<< /Type /XObject /Subtype /Image /Width ${side} /Height ${side} /ColorSpace /DeviceGray /BitsPerComponent 8 /Length ${pixels.length} >>`,
      stream: pixels,
    });
  }
  const content = contentStream(transcriptText, state.image !== undefined);
  const pages: PdfObjectSource = { num: 2, value: '<< /Type /Pages /Kids [3 0 R] /Count 1 >>' };
  const font: PdfObjectSource = { num: 5, value: '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>' };
  objects.unshift(
    { num: 1, value: catalog(state) },
    ...(state.xrefStream ? [] : [pages]),
    { num: 3, value: page(state) },
    { num: 4, value: `<< /Length ${content.length} >>`, stream: content },
    ...(state.xrefStream ? [] : [font]),
  );
  const extra = options.extraObjects?.(state) ?? [];
  const pdf = writeSection(undefined, [...objects, ...extra], state.size, {
    xrefStream: state.xrefStream,
    packed: state.xrefStream ? [pages, font] : undefined,
    trailerExtra: options.trailerExtra,
  });
  // The object stream and the cross-reference stream took the next numbers.
  if (state.xrefStream) state.size += 2;
  return { pdf, state };
}

/** One update: the objects, the state's next size, written as the state says (table or stream). */
function update(
  pdf: WrittenPdf,
  state: DocumentState,
  objects: PdfObjectSource[],
  prev?: number,
): WrittenPdf {
  const written = writeSection(pdf, objects, state.size, { xrefStream: state.xrefStream, prev });
  if (state.xrefStream) state.size += 1;
  return written;
}

const contentsCapacity = 8192;
const byteRangePlaceholder = '/ByteRange [0 0000000000 0000000000 0000000000]';

interface SignatureOptions {
  /** The CMS (or time-stamp token) over the signed ranges. */
  cms: (signed: Uint8Array) => Promise<Uint8Array>;
  type?: 'Sig' | 'DocTimeStamp';
  fieldName?: string;
  /** Rewrites the exact ByteRange into a hostile one (the CMS then signs what it declares). */
  byteRange?: (exact: [number, number, number, number]) => [number, number, number, number];
  /** Hex digits to pad the /Contents with after the CMS (a signer writes zeros). */
  padding?: string;
  /** More objects for the signed revision (what an attacker plants before the victim signs). */
  plant?: (field: number) => PdfObjectSource[];
}

export interface SignedPdf extends WrittenPdf {
  byteRange: [number, number, number, number];
}

/** Signs in an incremental update: a field and its signature dictionary, the form and page updated. */
async function sign(pdf: WrittenPdf, state: DocumentState, options: SignatureOptions): Promise<SignedPdf> {
  const field = state.size++;
  const signature = state.size++;
  state.fields.push(field);
  const type = options.type ?? 'Sig';
  const subFilter = type === 'Sig' ? 'ETSI.CAdES.detached' : 'ETSI.RFC3161';
  const claimed =
    type === 'Sig' ? ' /M (D:20260615100000Z) /Reason (Official transcript) /Name (Registrar)' : '';
  const written = update(pdf, state, [
    { num: 1, value: catalog(state) },
    { num: 3, value: page(state) },
    {
      num: field,
      value: `<< /Type /Annot /Subtype /Widget /FT /Sig /T (${options.fieldName ?? (type === 'Sig' ? 'Registrar signature' : 'Document timestamp')}) /V ${signature} 0 R /Rect [0 0 0 0] /F 132 /P 3 0 R >>`,
    },
    {
      num: signature,
      value: `<< /Type /${type} /Filter /Adobe.PPKLite /SubFilter /${subFilter} ${byteRangePlaceholder} /Contents <${'0'.repeat(2 * contentsCapacity)}>${claimed} >>`,
    },
    ...(options.plant?.(field) ?? []),
  ]);
  const bytes = written.bytes;
  const rangeAt = bytes.indexOf(byteRangePlaceholder, pdf.bytes.length, 'latin1');
  const contentsAt = bytes.indexOf('/Contents <', rangeAt, 'latin1') + '/Contents '.length;
  const gapEnd = contentsAt + 2 + 2 * contentsCapacity;
  const exact: [number, number, number, number] = [0, contentsAt, gapEnd, bytes.length - gapEnd];
  const byteRange = options.byteRange ? options.byteRange(exact) : exact;
  const rangeText = `/ByteRange [${byteRange.map((n, i) => (i === 0 ? String(n) : String(n).padEnd(10, ' '))).join(' ')}]`;
  if (rangeText.length > byteRangePlaceholder.length) throw new Error('ByteRange placeholder too small');
  bytes.write(rangeText.padEnd(byteRangePlaceholder.length, ' '), rangeAt, 'latin1');
  const [s0, l0, s1, l1] = byteRange;
  const cms = await options.cms(Buffer.concat([bytes.subarray(s0, s0 + l0), bytes.subarray(s1, s1 + l1)]));
  const hex = Buffer.from(cms).toString('hex');
  if (hex.length > 2 * contentsCapacity) throw new Error('/Contents placeholder too small for the CMS');
  const padding = (options.padding ?? '0')
    .repeat(2 * contentsCapacity)
    .slice(0, 2 * contentsCapacity - hex.length);
  bytes.write(hex + padding, contentsAt + 1, 'latin1');
  return { bytes, xrefOffset: written.xrefOffset, byteRange };
}

/** An update adding a /DSS with the given certificates and CRLs (a PAdES-LT extension). */
function addDss(
  pdf: WrittenPdf,
  state: DocumentState,
  certificates: Uint8Array[],
  crls: Uint8Array[],
): WrittenPdf {
  const dss = state.size++;
  const stream = (data: Uint8Array): PdfObjectSource => ({
    num: state.size++,
    value: `<< /Length ${data.length} >>`,
    stream: data,
  });
  const certStreams = certificates.map(stream);
  const crlStreams = crls.map(stream);
  const refs = (objects: PdfObjectSource[]) => objects.map((o) => `${o.num} 0 R`).join(' ');
  state.dss = dss;
  return update(pdf, state, [
    { num: 1, value: catalog(state) },
    {
      num: dss,
      value: `<< /Type /DSS /Certs [${refs(certStreams)}] /CRLs [${refs(crlStreams)}] /VRI << /${'A'.repeat(40)} << /Cert [${refs(certStreams)}] /CRL [${refs(crlStreams)}] >> >> >>`,
    },
    ...certStreams,
    ...crlStreams,
  ]);
}

// --- the corpus -------------------------------------------------------------------------------------------

export interface ExpectedVerdict {
  recommendation: Recommendation;
  format: TranscriptFormat;
  /** The outcome of each named check (over all signatures: the worst one). */
  checks: Partial<Record<string, CheckOutcome>>;
  signedAtSource?: SignatureSummary['signedAtSource'];
}

export interface CorpusCase {
  name: string;
  /** What the variant is, in words. */
  description: string;
  bytes: Uint8Array;
  expected: ExpectedVerdict;
  /** The signed ranges of the (last) signature, when the case has one. */
  byteRange?: [number, number, number, number];
}

export interface SignedPdfCorpus {
  trust: TrustList;
  /** The `now` to verify the corpus at. */
  now: Date;
  cases: CorpusCase[];
}

const allValid = {
  'pdf-structure': 'valid',
  encryption: 'valid',
  'byte-range': 'valid',
  'signature-gap': 'valid',
  'cms-signature': 'valid',
  'trust-chain': 'valid',
  'key-usage': 'valid',
  'signing-time': 'valid',
  revocation: 'valid',
  'need-appearances': 'valid',
  'changes-after-signing': 'valid',
} as const satisfies Record<string, CheckOutcome>;

const verified = (extra: Partial<ExpectedVerdict> = {}): ExpectedVerdict => ({
  recommendation: 'Verified',
  format: 'signed-pdf',
  checks: { ...allValid },
  ...extra,
});

const withChecks = (
  recommendation: Recommendation,
  checks: Partial<Record<string, CheckOutcome>>,
  format: TranscriptFormat = 'signed-pdf',
): ExpectedVerdict => ({ recommendation, format, checks });

/** A registrar's signature: signing time, CRL, timestamp unless told otherwise. */
const registrarCms =
  (pki: TestPki, options: Partial<CmsOptions> = {}) =>
  (data: Uint8Array) =>
    detachedCms(pki, data, {
      signer: pki.registrar,
      signingTime: corpusDates.signedAt,
      crl: pki.crl,
      timestampAt: corpusDates.signedAt,
      ...options,
    });

async function signedTranscript(
  pki: TestPki,
  cms: Partial<CmsOptions> = {},
  options: { base?: BaseOptions; signature?: Partial<SignatureOptions>; needAppearances?: boolean } = {},
) {
  const { pdf, state } = unsignedTranscript(options.base);
  if (options.needAppearances) state.needAppearances = true;
  const signed = await sign(pdf, state, { cms: registrarCms(pki, cms), ...options.signature });
  return { signed, state };
}

/** Every variant, with the verdict the verifier must reach. */
export async function buildSignedPdfCorpus(): Promise<SignedPdfCorpus> {
  const pki = await testPki();
  const cases: CorpusCase[] = [];
  const add = (name: string, description: string, pdf: Uint8Array | SignedPdf, expected: ExpectedVerdict) =>
    cases.push({
      name,
      description,
      bytes: toBytes(pdf instanceof Uint8Array ? pdf : pdf.bytes),
      expected,
      byteRange: pdf instanceof Uint8Array ? undefined : pdf.byteRange,
    });

  const valid = await signedTranscript(pki);
  add(
    'valid-timestamp-crl',
    'signed, timestamped, CRL embedded',
    valid.signed,
    verified({ signedAtSource: 'timestamp' }),
  );

  const noRevocation = await signedTranscript(pki, { crl: undefined });
  add(
    'valid-no-revocation-data',
    'signed and timestamped, no CRL or OCSP in the file',
    noRevocation.signed,
    withChecks('Pending Review', { ...allValid, revocation: 'undetermined' }),
  );

  const signingTimeOnly = await signedTranscript(pki, { timestampAt: undefined });
  add(
    'valid-signing-time-only',
    'signed with a signing time and a CRL, no timestamp',
    signingTimeOnly.signed,
    verified({ signedAtSource: 'signing-time (self-asserted)' }),
  );

  const tampered = Buffer.from(valid.signed.bytes);
  const gradeAt = tampered.indexOf('Grade: B+', 0, 'latin1') + 'Grade: '.length;
  tampered[gradeAt] = 'A'.charCodeAt(0);
  add(
    'tampered-signed-byte',
    'one byte of the signed content changed (a grade B+ made A+)',
    { ...valid.signed, bytes: tampered },
    withChecks('Rejected', { 'byte-range': 'valid', 'signature-gap': 'valid', 'cms-signature': 'invalid' }),
  );

  {
    const { signed, state } = await signedTranscript(pki);
    const extra = state.size++;
    const text = contentStream(['CCN3001 Advanced Economics            Grade: A   Credits: 3']);
    state.contents.push(extra);
    const appended = update(signed, state, [
      { num: extra, value: `<< /Length ${text.length} >>`, stream: text },
      { num: 3, value: page(state) },
    ]);
    add(
      'incremental-update-after-signing',
      'a page content object added in an update after signing (ISA)',
      { ...signed, bytes: appended.bytes },
      withChecks('Pending Review', { 'cms-signature': 'valid', 'changes-after-signing': 'undetermined' }),
    );
  }

  {
    const { signed, state } = await signedTranscript(pki);
    const withDss = addDss(signed, state, [pki.registrar.der, pki.intermediate.der], [pki.crl]);
    add(
      'dss-update-after-signing',
      'validation data (a /DSS) added in an update after signing',
      { ...signed, bytes: withDss.bytes },
      verified(),
    );
  }

  {
    const { signed, state } = await signedTranscript(pki, { crl: undefined });
    const withDss = addDss(signed, state, [pki.intermediate.der], [pki.crl]);
    add(
      'dss-supplies-crl',
      'signed without a CRL; the CRL added later in a /DSS',
      { ...signed, bytes: withDss.bytes },
      verified(),
    );
  }

  {
    const { signed } = await signedTranscript(
      pki,
      {},
      { signature: { byteRange: ([s, a, b, c]) => [s, a, b + 8, c - 8] } },
    );
    add(
      'gap-holds-extra-data',
      'the unsigned gap holds the signature and 8 more bytes of the dictionary (SWA)',
      signed,
      withChecks('Rejected', { 'byte-range': 'valid', 'signature-gap': 'invalid' }),
    );
  }

  {
    const { signed } = await signedTranscript(
      pki,
      {},
      { signature: { byteRange: ([, a, b, c]) => [1, a - 1, b, c] } },
    );
    add(
      'byte-range-not-from-zero',
      'ByteRange starts at byte 1',
      signed,
      withChecks('Rejected', { 'byte-range': 'invalid' }),
    );
  }

  {
    const { signed } = await signedTranscript(
      pki,
      {},
      { signature: { byteRange: ([s, a, b, c]) => [s, a, b, c - 30] } },
    );
    add(
      'byte-range-short-of-eof',
      'ByteRange stops 30 bytes before its revision’s %%EOF',
      signed,
      withChecks('Rejected', { 'byte-range': 'invalid' }),
    );
  }

  {
    const { signed } = await signedTranscript(pki, { signer: pki.selfSignedRegistrar, crl: undefined });
    add(
      'untrusted-self-signed',
      'signed by a self-signed "Registrar, Test University" certificate not on the trust list',
      signed,
      withChecks('Pending Review', { 'cms-signature': 'valid', 'trust-chain': 'undetermined' }),
    );
  }

  {
    const { signed } = await signedTranscript(pki, { signer: pki.expiredRegistrar });
    add(
      'signer-expired-at-signing',
      'the signer certificate expired before the timestamped signing time',
      signed,
      withChecks('Rejected', { 'cms-signature': 'valid', 'trust-chain': 'invalid' }),
    );
  }

  {
    const { signed } = await signedTranscript(pki, { signer: pki.keyAgreementRegistrar });
    add(
      'signer-without-signing-key-usage',
      'the signer certificate allows key agreement only',
      signed,
      withChecks('Rejected', { 'cms-signature': 'valid', 'trust-chain': 'valid', 'key-usage': 'invalid' }),
    );
  }

  {
    const { signed } = await signedTranscript(pki, { signer: pki.revokedRegistrar });
    add(
      'signer-revoked',
      'the embedded CRL lists the signer certificate',
      signed,
      withChecks('Rejected', { 'cms-signature': 'valid', 'trust-chain': 'valid', revocation: 'invalid' }),
    );
  }

  add(
    'unsigned',
    'a plain PDF without a signature',
    unsignedTranscript().pdf.bytes,
    withChecks(
      'Pending Review',
      { 'pdf-structure': 'valid', encryption: 'valid', signature: 'undetermined' },
      'unsigned-pdf',
    ),
  );

  add(
    'encrypted',
    'an /Encrypt dictionary in the trailer',
    unsignedTranscript({
      trailerExtra: `/Encrypt 6 0 R /ID [<${'ab'.repeat(16)}> <${'ab'.repeat(16)}>] `,
      extraObjects: (state) => [
        {
          num: state.size++,
          value: `<< /Filter /Standard /V 2 /R 3 /Length 128 /O <${'28'.repeat(32)}> /U <${'0f'.repeat(32)}> /P -44 >>`,
        },
      ],
    }).pdf.bytes,
    withChecks('Rejected', { encryption: 'invalid' }, 'unsigned-pdf'),
  );

  add(
    'truncated',
    'a signed transcript cut off at 70 %',
    valid.signed.bytes.subarray(0, Math.floor(valid.signed.bytes.length * 0.7)),
    withChecks('Rejected', { 'pdf-structure': 'invalid' }, 'unsigned-pdf'),
  );

  add(
    'random-bytes',
    '4 KB of random bytes',
    randomBytes(4096),
    withChecks('Rejected', { 'pdf-structure': 'invalid' }, 'unsigned-pdf'),
  );

  {
    const { signed } = await signedTranscript(pki, {}, { base: { xrefStream: true } });
    add(
      'valid-xref-streams',
      'signed; cross-reference streams (PNG predictor) and an object stream throughout',
      signed,
      verified({ signedAtSource: 'timestamp' }),
    );
  }

  {
    const { signed, state } = await signedTranscript(pki);
    const stamped = await sign(signed, state, {
      type: 'DocTimeStamp',
      cms: async (data) =>
        toBytes(
          (await timestampToken(pki, data, new Date('2026-06-16T08:00:00Z'), [pki.crl]))
            .toSchema()
            .toBER(false),
        ),
    });
    add(
      'document-timestamp-after-signing',
      'a document timestamp (ETSI.RFC3161) added in an update after signing',
      stamped,
      verified(),
    );
  }

  {
    const { signed } = await signedTranscript(pki, {}, { needAppearances: true });
    add(
      'need-appearances',
      'the form asks viewers to redraw field appearances (/NeedAppearances true)',
      signed,
      withChecks('Pending Review', { 'cms-signature': 'valid', 'need-appearances': 'undetermined' }),
    );
  }

  {
    const { signed } = await signedTranscript(pki, {}, { signature: { padding: 'ab' } });
    add(
      'data-hidden-in-padding',
      'the /Contents padding after the CMS holds non-zero bytes',
      signed,
      withChecks('Rejected', { 'signature-gap': 'invalid' }),
    );
  }

  {
    const { signed, state } = await signedTranscript(pki);
    // An update whose /Prev names its own cross-reference section: a reader that follows it loops.
    // The section's offset does not depend on the /Prev written after it, so a first write finds it.
    const objects = [{ num: 3, value: page(state) }];
    const probe = writeSection(signed, objects, state.size, { prev: 0 });
    const looping = writeSection(signed, objects, state.size, { prev: probe.xrefOffset });
    add(
      'prev-loop',
      'an update whose /Prev points at itself',
      looping.bytes,
      withChecks('Rejected', { 'pdf-structure': 'invalid' }, 'unsigned-pdf'),
    );
  }

  {
    // Shadow attack (hide-and-replace by reference): the signed page already lists a content stream
    // that does not exist, which viewers skip; after signing it is added, dressed as DSS data.
    const { pdf, state } = unsignedTranscript();
    const planted = state.size++;
    state.contents.push(planted);
    const signed = await sign(pdf, state, { cms: registrarCms(pki) });
    const dss = state.size++;
    state.dss = dss;
    const text = contentStream(['CCN2046 Introduction to Economics   Grade: A+  (corrected)']);
    const shadowed = update(signed, state, [
      { num: 1, value: catalog(state) },
      { num: dss, value: `<< /Type /DSS /Certs [${planted} 0 R] >>` },
      { num: planted, value: `<< /Length ${text.length} >>`, stream: text },
    ]);
    add(
      'shadow-fills-dangling-reference',
      'after signing, an object the signed page already referred to is added, listed in a /DSS',
      { ...signed, bytes: shadowed.bytes },
      withChecks('Pending Review', { 'cms-signature': 'valid', 'changes-after-signing': 'undetermined' }),
    );
  }

  {
    // Shadow attack (replace the catalog): a second catalog and page, with other grades, are planted
    // in the signed bytes; after signing, an update only points the trailer's /Root at them.
    const { pdf, state } = unsignedTranscript();
    const [otherCatalog, otherPages, otherPage, otherContent] = [
      state.size,
      state.size + 1,
      state.size + 2,
      state.size + 3,
    ];
    state.size += 4;
    const forged = contentStream(transcriptText.map((line) => line.replace(/Grade: \S+/, 'Grade: A+')));
    const signed = await sign(pdf, state, {
      cms: registrarCms(pki),
      plant: (field) => [
        {
          num: otherCatalog,
          value: `<< /Type /Catalog /Pages ${otherPages} 0 R /AcroForm << /Fields [${field} 0 R] /SigFlags 3 >> >>`,
        },
        { num: otherPages, value: `<< /Type /Pages /Kids [${otherPage} 0 R] /Count 1 >>` },
        {
          num: otherPage,
          value: `<< /Type /Page /Parent ${otherPages} 0 R /MediaBox [0 0 612 792] /Contents ${otherContent} 0 R /Resources << /Font << /F1 5 0 R >> >> /Annots [${field} 0 R] >>`,
        },
        { num: otherContent, value: `<< /Length ${forged.length} >>`, stream: forged },
      ],
    });
    const repointed = writeSection(signed, [], state.size, { trailerRoot: otherCatalog });
    add(
      'trailer-repoints-catalog',
      'after signing, an update adds no object but points /Root at a catalog planted in the signed bytes',
      { ...signed, bytes: repointed.bytes },
      withChecks('Pending Review', { 'cms-signature': 'valid', 'changes-after-signing': 'undetermined' }),
    );
  }

  return { trust: pki.trust, now: corpusDates.verifiedAt, cases };
}

/** A valid signed transcript of about `bytes` bytes (a scanned page image pads it), for benchmarks. */
export async function signedPdfOfSize(
  bytes: number,
): Promise<{ bytes: Uint8Array; trust: TrustList; now: Date }> {
  const pki = await testPki();
  const { signed } = await signedTranscript(pki, {}, { base: { imageBytes: Math.max(0, bytes - 40_000) } });
  return { bytes: toBytes(signed.bytes), trust: pki.trust, now: corpusDates.verifiedAt };
}

/** Deterministic noise (xorshift), so a failing case fails the same way on every run. */
function randomBytes(length: number): Uint8Array {
  const out = new Uint8Array(length);
  let seed = 0x9e3779b9;
  for (let i = 0; i < length; i++) {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    out[i] = seed & 0xff;
  }
  return out;
}
