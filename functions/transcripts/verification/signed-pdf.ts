// The offline verifier of signed PDF transcripts (guide §5.2): what the S3 hook runs on an uploaded
// transcript before ARO looks at it. It applies the defence checklist of the research notes
// (RESEARCH-APPLICATIONS-TRANSCRIPTS §1.2) to each signature: the ByteRange covers its whole revision
// but the gap, the gap is exactly the hex-encoded CMS, the CMS verifies over those bytes, the chain
// ends at a certificate the institution pinned (never the TLS roots), at the time a timestamp proves
// (else the signer's own claim, said to be one), with a signing key usage, not revoked according to
// revocation data in the file, and nothing but validation data or document timestamps after it.
//
// Offline by design: the Lambda has no network, so revocation data that is not in the file is
// "undetermined", never "valid". Nothing here throws: every failure becomes a check ARO can read.
import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { type PdfSignatureField, type PdfStructure, readPdfStructure } from './pdf-structure.js';
import {
  type CheckOutcome,
  recommend,
  type SignatureSummary,
  type TranscriptFormat,
  type TrustedCertificate,
  type TrustList,
  type VerificationCheck,
  type VerificationReport,
} from './report.js';

const oid = {
  signedData: '1.2.840.113549.1.7.2',
  data: '1.2.840.113549.1.7.1',
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  timestampToken: '1.2.840.113549.1.9.16.2.14',
  adobeRevocationInfo: '1.2.840.113583.1.1.8',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  timeStamping: '1.3.6.1.5.5.7.3.8',
  ocspBasic: '1.3.6.1.5.5.7.48.1.1',
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
} as const;

/** Extended key usages that allow signing documents. */
const documentSigningUsages = new Map([
  ['2.5.29.37.0', 'anyExtendedKeyUsage'],
  ['1.3.6.1.5.5.7.3.4', 'emailProtection'],
  ['1.3.6.1.5.5.7.3.36', 'documentSigning'],
  ['1.2.840.113583.1.1.5', 'Adobe Authentic Documents Trust'],
  ['1.3.6.1.4.1.311.10.3.12', 'Microsoft document signing'],
]);

const acceptedDigests = new Map([
  ['2.16.840.1.101.3.4.2.1', 'SHA-256'],
  ['2.16.840.1.101.3.4.2.2', 'SHA-384'],
  ['2.16.840.1.101.3.4.2.3', 'SHA-512'],
]);

const approvalSubFilters = new Set(['adbe.pkcs7.detached', 'ETSI.CAdES.detached']);

/** Each signature digests up to the whole file: past this many, the work is no longer bounded. */
const maxSignatures = 16;
/** How far a claimed time may run ahead of CTS's clock before it is a false claim. */
const clockSkewMs = 5 * 60 * 1000;
/** Issuer hops from the signer to a trust anchor. */
const maxChainLength = 8;
/** Resource limits for the CMS and the certificates inside it (asn1js defaults are 10,000 nodes). */
const berLimits = { maxDepth: 64, maxNodes: 200_000 } as const;

const check = (name: string, outcome: CheckOutcome, detail: string): VerificationCheck => ({
  check: name,
  outcome,
  detail,
});

/**
 * Verifies a PDF transcript against the institution's trust list, at `now` (the hook's clock).
 * Never throws: damaged, hostile or unexpected input becomes checks in the report.
 */
export async function verifyPdfTranscript(
  bytes: Uint8Array,
  trust: TrustList,
  now: Date,
): Promise<VerificationReport> {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const clock = Number.isNaN(now.getTime()) ? new Date() : now;
  let format: TranscriptFormat = 'unsigned-pdf';
  let checks: VerificationCheck[];
  let signatures: SignatureSummary[] = [];
  try {
    ({ format, checks, signatures } = await verify(bytes, trust, clock));
  } catch (error) {
    // Only a defect of CTS lands here; it proves nothing about the file, so ARO reviews it.
    checks = [
      check(
        'verification',
        'undetermined',
        `CTS could not complete the verification (${error instanceof Error ? error.message : String(error)}).`,
      ),
    ];
  }
  const recommendation = recommend(checks);
  return {
    format,
    recommendation,
    summary: summarise(format, recommendation, checks, signatures),
    checks,
    ...(format === 'signed-pdf' ? { signatures } : {}),
    sha256,
    checkedAt: clock.toISOString(),
  };
}

interface Verification {
  format: TranscriptFormat;
  checks: VerificationCheck[];
  signatures: SignatureSummary[];
}

interface Anchor {
  readonly entry: TrustedCertificate;
  readonly certificate: pkijs.Certificate;
}

/** What every signature of one file is checked against. */
interface Context {
  readonly bytes: Uint8Array;
  readonly structure: PdfStructure;
  readonly trust: TrustList;
  readonly anchors: readonly Anchor[];
  readonly now: Date;
  /** Certificates and CRLs of the /DSS. */
  readonly dssCertificates: readonly pkijs.Certificate[];
  readonly dssCrls: readonly pkijs.CertificateRevocationList[];
  readonly dssHasOcsp: boolean;
}

async function verify(bytes: Uint8Array, trust: TrustList, now: Date): Promise<Verification> {
  const read = readPdfStructure(bytes);
  if (!read.ok)
    return {
      format: 'unsigned-pdf',
      checks: [check('pdf-structure', 'invalid', `The file is not a readable PDF: ${read.reason}.`)],
      signatures: [],
    };
  const structure = read.structure;
  const format: TranscriptFormat = structure.signatures.length > 0 ? 'signed-pdf' : 'unsigned-pdf';
  const checks: VerificationCheck[] = [
    check(
      'pdf-structure',
      'valid',
      `The file is a complete PDF ${structure.version} with ${plural(structure.revisions.length, 'revision')} and ${plural(structure.signatures.length, 'signature')}.`,
    ),
  ];
  if (structure.encrypted) {
    checks.push(
      check(
        'encryption',
        'invalid',
        'The file is encrypted (/Encrypt): encrypted or DRM-protected files cannot be verified, so it is refused.',
      ),
    );
    return { format, checks, signatures: [] };
  }
  checks.push(check('encryption', 'valid', 'The file is not encrypted.'));
  if (structure.signatures.length === 0) {
    checks.push(
      check(
        'signature',
        'undetermined',
        'The PDF has no digital signature, so where it came from cannot be checked.',
      ),
    );
    return { format, checks, signatures: [] };
  }
  if (structure.signatures.length > maxSignatures) {
    checks.push(
      check(
        'signature',
        'undetermined',
        `The PDF has ${structure.signatures.length} signatures; CTS verifies at most ${maxSignatures} in one file.`,
      ),
    );
    return { format, checks, signatures: [] };
  }
  const context: Context = {
    bytes,
    structure,
    trust,
    anchors: parseAnchors(trust),
    now,
    dssCertificates: (structure.dss?.certificates ?? []).flatMap((der) => parseOr(der, pkijs.Certificate)),
    dssCrls: (structure.dss?.crls ?? []).flatMap((der) => parseOr(der, pkijs.CertificateRevocationList)),
    dssHasOcsp: (structure.dss?.ocsps.length ?? 0) > 0,
  };
  const summaries: SignatureSummary[] = [];
  const count = structure.signatures.length;
  for (const [index, field] of structure.signatures.entries()) {
    const prefix =
      count > 1 ? `Signature ${index + 1} of ${count} (${field.fieldName || 'unnamed field'}): ` : '';
    const result = await verifySignature(context, field);
    checks.push(...result.checks.map((c) => ({ ...c, detail: prefix + c.detail })));
    summaries.push(result.summary);
  }
  checks.push(
    structure.needAppearances
      ? check(
          'need-appearances',
          'undetermined',
          'The form asks viewers to redraw its fields (/NeedAppearances true), so the values shown may not be the ones signed.',
        )
      : check('need-appearances', 'valid', 'The form does not ask viewers to redraw its fields.'),
  );
  checks.push(changesAfterSigning(structure, summaries));
  return { format, checks, signatures: summaries };
}

// --- one signature ----------------------------------------------------------------------------------

interface SignatureResult {
  checks: VerificationCheck[];
  summary: SignatureSummary;
}

async function verifySignature(context: Context, field: PdfSignatureField): Promise<SignatureResult> {
  const checks: VerificationCheck[] = [];
  const summary: SignatureSummary = {};
  const isTimestamp = field.type === 'DocTimeStamp';
  const what = isTimestamp ? 'document timestamp' : 'signature';

  const range = checkByteRange(context, field);
  checks.push(range.check);
  if (!range.ranges) return { checks, summary };
  summary.coversBytes = range.ranges[2] + range.ranges[3];

  const gap = checkGap(context, field, range.ranges);
  checks.push(gap.check);
  if (!gap.cms) return { checks, summary };

  const cms = await checkCms(context, field, gap.cms, range.ranges);
  checks.push(cms.check);
  if (!cms.parsed) return { checks, summary };
  const { signedData, signer } = cms.parsed;
  summary.signer = describeName(signer.subject);
  summary.issuer = describeName(signer.issuer);

  const time = await signingTime(context, cms.parsed, isTimestamp);
  checks.push(time.check);
  if (time.at) {
    summary.signedAt = time.at.toISOString();
    summary.signedAtSource = time.source;
  }
  const checkDate = time.at ?? context.now;

  const pool = [
    ...(signedData.certificates ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate),
    ...context.dssCertificates,
  ];
  const chain = await checkTrustChain(
    context,
    signer,
    pool,
    checkDate,
    time.at
      ? `the ${time.source === 'timestamp' ? 'timestamped' : 'claimed'} signing time`
      : 'the time of verification',
  );
  checks.push(chain.check);
  if (chain.anchor) summary.trustAnchorId = chain.anchor.entry.anchorId;

  checks.push(isTimestamp ? timestampKeyUsage(signer) : signingKeyUsage(signer));

  checks.push(
    await checkRevocation(context, cms.parsed, chain.path, checkDate, time.source === 'timestamp', what),
  );
  return { checks, summary };
}

function checkByteRange(
  context: Context,
  field: PdfSignatureField,
): { check: VerificationCheck; ranges?: [number, number, number, number] } {
  const fail = (detail: string) => ({ check: check('byte-range', 'invalid', detail) });
  if (field.duplicateKeys.length > 0)
    return fail(
      `The signature field or dictionary names ${field.duplicateKeys.map((k) => `/${k}`).join(', ')} more than once, which viewers read differently.`,
    );
  const br = field.byteRange;
  if (!br) return fail('The signature has no /ByteRange, or one that is not a list of integers.');
  if (br.length !== 4)
    return fail(`The /ByteRange has ${br.length} numbers; a signature must cover the file as [0 a b c].`);
  const [s0 = 0, l0 = 0, s1 = 0, l1 = 0] = br;
  const fileLength = context.bytes.length;
  const shape = `/ByteRange [${br.join(' ')}]`;
  // A range that is not well formed is not verified at all; a well-formed but wrong one still is,
  // so that ARO sees what the signature does cover.
  const ranges: [number, number, number, number] | undefined =
    br.every((n) => n >= 0) && s0 + l0 <= s1 && s1 + l1 <= fileLength ? [s0, l0, s1, l1] : undefined;
  const failWithRanges = (detail: string) => ({ check: check('byte-range', 'invalid', detail), ranges });
  if (s0 !== 0)
    return failWithRanges(`${shape} does not start at byte 0, so the start of the file is not signed.`);
  if (l0 <= 0 || s1 <= l0 || l1 < 0)
    return failWithRanges(`${shape} is not two ranges around a gap (it must be [0 a b c] with b > a).`);
  if (s1 + l1 > fileLength) return fail(`${shape} runs past the end of the file (${fileLength} bytes).`);
  const revision = field.revision;
  if (!revision || field.dictionaryOffset === undefined)
    return failWithRanges(
      'The signature dictionary sits inside a compressed object stream, where its /ByteRange cannot be checked against the file.',
    );
  const end = s1 + l1;
  if (end !== revision.markerEnd && end !== revision.end) {
    const detail =
      end < revision.markerEnd
        ? `${shape} stops at byte ${end}, leaving ${revision.markerEnd - end} bytes of the signed revision (which ends at ${revision.markerEnd}) unsigned.`
        : `${shape} ends at byte ${end}, past the end of the revision holding the signature (byte ${revision.markerEnd}).`;
    return failWithRanges(detail);
  }
  return {
    check: check(
      'byte-range',
      'valid',
      `${shape} covers the whole of revision ${revision.index + 1} (bytes 0–${end}) except the signature value.`,
    ),
    ranges: [s0, l0, s1, l1],
  };
}

/** The gap holds the /Contents hex string and nothing else, and it decodes to DER plus zero padding. */
function checkGap(
  context: Context,
  field: PdfSignatureField,
  [, l0, s1]: [number, number, number, number],
): { check: VerificationCheck; cms?: asn1js.AsnType } {
  const fail = (detail: string) => ({ check: check('signature-gap', 'invalid', detail) });
  const contents = field.contents;
  if (!contents) return fail('The signature has no /Contents string.');
  if (!contents.hex)
    return fail(
      'The signature value is a literal string, not a hex string: the gap may hide other data (SWA).',
    );
  if (!contents.span) return fail('The signature value is inside a compressed object stream.');
  const { start, end } = contents.span;
  if (start !== l0 || end !== s1)
    return fail(
      `The unsigned gap (bytes ${l0}–${s1}) is not exactly the signature value (bytes ${start}–${end}): ${plural(Math.abs(start - l0) + Math.abs(s1 - end), 'byte')} in the gap ${Math.abs(start - l0) + Math.abs(s1 - end) === 1 ? 'is' : 'are'} unsigned data (SWA).`,
    );
  for (let at = start + 1; at < end - 1; at++) {
    const c = context.bytes[at] ?? 0;
    const hex = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
    if (!hex) return fail(`The signature value holds a character that is not a hex digit at byte ${at}.`);
  }
  const bytes = contents.bytes;
  const length = derLength(bytes);
  if (length === undefined)
    return fail(
      'The signature value is not a DER-encoded CMS (it does not start as a definite-length SEQUENCE).',
    );
  if (length > bytes.length) return fail('The CMS in the signature value is cut short.');
  const padding = bytes.subarray(length);
  const hidden = padding.reduce((n, b) => n + (b !== 0 ? 1 : 0), 0);
  if (hidden > 0)
    return fail(
      `The padding after the CMS holds ${plural(hidden, 'non-zero byte')}: data is hidden in the unsigned signature value.`,
    );
  const der = bytes.subarray(0, length);
  const parsed = asn1js.fromBER(der, berLimits);
  if (parsed.offset !== length) return fail('The signature value does not decode as DER.');
  return {
    check: check(
      'signature-gap',
      'valid',
      `The gap holds exactly the hex-encoded CMS (${length} bytes, then ${padding.length} bytes of zero padding).`,
    ),
    cms: parsed.result,
  };
}

/** Length of the outer DER element: tag, definite length, content. */
function derLength(bytes: Uint8Array): number | undefined {
  if (bytes[0] !== 0x30) return undefined;
  const first = bytes[1];
  if (first === undefined || first === 0x80) return undefined;
  if (first < 0x80) return 2 + first;
  const count = first & 0x7f;
  if (count > 4) return undefined;
  let length = 0;
  for (let i = 0; i < count; i++) length = length * 256 + (bytes[2 + i] ?? 0);
  return 2 + count + length;
}

interface ParsedCms {
  signedData: pkijs.SignedData;
  signerInfo: pkijs.SignerInfo;
  signer: pkijs.Certificate;
  /** The TSTInfo, when the CMS is a time-stamp token (a document timestamp). */
  tstInfo?: pkijs.TSTInfo;
}

async function checkCms(
  context: Context,
  field: PdfSignatureField,
  cms: asn1js.AsnType,
  [s0, l0, s1, l1]: [number, number, number, number],
): Promise<{ check: VerificationCheck; parsed?: ParsedCms }> {
  const fail = (detail: string) => ({ check: check('cms-signature', 'invalid', detail) });
  const unsupported = (detail: string) => ({ check: check('cms-signature', 'undetermined', detail) });
  const isTimestamp = field.type === 'DocTimeStamp';
  if (field.type !== undefined && field.type !== 'Sig' && !isTimestamp)
    return unsupported(`The signature dictionary has an unknown /Type /${field.type}.`);
  if (isTimestamp ? field.subFilter !== 'ETSI.RFC3161' : !approvalSubFilters.has(field.subFilter ?? ''))
    return unsupported(
      `The signature format /SubFilter /${field.subFilter ?? '(none)'} is not one CTS verifies (${isTimestamp ? 'ETSI.RFC3161' : 'adbe.pkcs7.detached, ETSI.CAdES.detached'}).`,
    );
  let signedData: pkijs.SignedData;
  try {
    const contentInfo = new pkijs.ContentInfo({ schema: cms });
    if (contentInfo.contentType !== oid.signedData)
      return fail('The signature value is not a CMS SignedData.');
    signedData = new pkijs.SignedData({ schema: contentInfo.content });
  } catch {
    return fail('The signature value is not a well-formed CMS SignedData.');
  }
  if (signedData.signerInfos.length !== 1)
    return fail(`The CMS carries ${signedData.signerInfos.length} signers; a PDF signature has exactly one.`);
  const signerInfo = signedData.signerInfos[0] as pkijs.SignerInfo;
  const encapsulated = signedData.encapContentInfo;
  let tstInfo: pkijs.TSTInfo | undefined;
  if (isTimestamp) {
    if (encapsulated.eContentType !== oid.tstInfo || !encapsulated.eContent)
      return fail('The document timestamp is not an RFC 3161 time-stamp token.');
    try {
      tstInfo = pkijs.TSTInfo.fromBER(encapsulated.eContent.getValue());
    } catch {
      return fail('The document timestamp’s TSTInfo is damaged.');
    }
  } else {
    // pkijs verifies an encapsulated content instead of the detached data when there is one: a CMS
    // that carries its own content would "verify" whatever the PDF's bytes are.
    if (encapsulated.eContent)
      return fail('The CMS carries its own content instead of signing the file’s bytes.');
    if (encapsulated.eContentType !== oid.data) return fail('The CMS does not sign plain data (id-data).');
  }
  const attributes = signerInfo.signedAttrs?.attributes ?? [];
  const contentTypes = attributes.filter((a) => a.type === oid.contentType);
  const digests = attributes.filter((a) => a.type === oid.messageDigest);
  if (
    contentTypes.length !== 1 ||
    digests.length !== 1 ||
    contentTypes[0]?.values.length !== 1 ||
    digests[0]?.values.length !== 1
  )
    return unsupported('The CMS lacks exactly one content-type and one message-digest signed attribute.');
  const declaredType = contentTypes[0]?.values[0];
  if (
    !(declaredType instanceof asn1js.ObjectIdentifier) ||
    declaredType.getValue() !== encapsulated.eContentType
  )
    return fail('The signed content-type attribute does not match the CMS content.');
  const digestName = acceptedDigests.get(signerInfo.digestAlgorithm.algorithmId);
  if (!digestName)
    return unsupported(
      `The signature uses the digest ${signerInfo.digestAlgorithm.algorithmId}, which CTS does not accept.`,
    );
  const signer = findSigner(signedData, signerInfo);
  if (!signer) return fail('The signer’s certificate is not in the CMS.');
  const signed = new Uint8Array(l0 + l1);
  signed.set(context.bytes.subarray(s0, s0 + l0), 0);
  signed.set(context.bytes.subarray(s1, s1 + l1), l0);
  try {
    const result = await signedData.verify({
      signer: 0,
      data: signed.buffer,
      extendedMode: true,
      checkChain: false,
    });
    if (!result.signatureVerified)
      return fail(
        `The ${isTimestamp ? 'timestamp authority’s' : 'signer’s'} signature over the signed attributes does not verify.`,
      );
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/Message digest doesn't match/i.test(message))
      return fail(
        'The signed bytes do not match the signature’s message digest: the file was changed after signing.',
      );
    if (/TSTInfo verification is failed/i.test(message))
      return fail(
        'The document timestamp does not match the signed bytes: the file was changed after it was stamped.',
      );
    return fail(`The CMS signature does not verify (${message}).`);
  }
  return {
    check: check(
      'cms-signature',
      'valid',
      `The ${isTimestamp ? 'time-stamp token' : 'CMS signature'} verifies over the signed bytes (${digestName}, ${signatureAlgorithmName(signerInfo)}).`,
    ),
    parsed: { signedData, signerInfo, signer, tstInfo },
  };
}

function findSigner(
  signedData: pkijs.SignedData,
  signerInfo: pkijs.SignerInfo,
): pkijs.Certificate | undefined {
  const certificates = (signedData.certificates ?? []).filter(
    (c): c is pkijs.Certificate => c instanceof pkijs.Certificate,
  );
  const sid = signerInfo.sid;
  if (sid instanceof pkijs.IssuerAndSerialNumber)
    return certificates.find((c) => c.issuer.isEqual(sid.issuer) && c.serialNumber.isEqual(sid.serialNumber));
  // subjectKeyIdentifier [0]: compared with the SHA-1 of the public key, as pkijs does when verifying.
  const keyId: Uint8Array | undefined =
    sid instanceof asn1js.Constructed
      ? (sid.valueBlock.value[0] as asn1js.OctetString | undefined)?.valueBlock.valueHexView
      : (sid as asn1js.Primitive | undefined)?.valueBlock?.valueHexView;
  if (!keyId) return undefined;
  for (const certificate of certificates) {
    const digest = createHash('sha1')
      .update(certificate.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView)
      .digest();
    if (digest.equals(Buffer.from(keyId))) return certificate;
  }
  return undefined;
}

const signatureAlgorithmName = (signerInfo: pkijs.SignerInfo) => {
  const id = signerInfo.signatureAlgorithm.algorithmId;
  if (id.startsWith('1.2.840.10045.')) return 'ECDSA';
  if (id.startsWith('1.2.840.113549.1.1.')) return id === '1.2.840.113549.1.1.10' ? 'RSA-PSS' : 'RSA';
  return id;
};

// --- when it was signed -----------------------------------------------------------------------------

interface SigningTime {
  check: VerificationCheck;
  at?: Date;
  source?: SignatureSummary['signedAtSource'];
}

/**
 * The date to check the certificates at: a verified RFC 3161 timestamp by a trusted TSA proves the
 * signature existed then; the signed signingTime is only what the signer says.
 */
async function signingTime(context: Context, cms: ParsedCms, isTimestamp: boolean): Promise<SigningTime> {
  const future = (at: Date, what: string): SigningTime | undefined =>
    at.getTime() > context.now.getTime() + clockSkewMs
      ? {
          check: check(
            'signing-time',
            'invalid',
            `The ${what} (${iso(at)}) is later than the time of verification.`,
          ),
        }
      : undefined;
  if (isTimestamp && cms.tstInfo) {
    const at = cms.tstInfo.genTime;
    return (
      future(at, 'document timestamp') ?? {
        check: check(
          'signing-time',
          'valid',
          `Stamped at ${iso(at)} by ${describeName(cms.signer.subject)}.`,
        ),
        at,
        source: 'timestamp',
      }
    );
  }
  const token = cms.signerInfo.unsignedAttrs?.attributes.find((a) => a.type === oid.timestampToken);
  let note = '';
  if (token) {
    const stamped = await verifySignatureTimestamp(context, cms.signerInfo, token);
    if (!stamped.ok) return { check: check('signing-time', 'invalid', stamped.detail) };
    if (stamped.trusted) {
      return (
        future(stamped.at, 'timestamp') ?? {
          check: check(
            'signing-time',
            'valid',
            `Signed before ${iso(stamped.at)}, as a timestamp by ${stamped.tsa} proves.`,
          ),
          at: stamped.at,
          source: 'timestamp',
        }
      );
    }
    note = ` A timestamp by ${stamped.tsa} says ${iso(stamped.at)}, but ${stamped.detail}`;
  }
  const claimed = cms.signerInfo.signedAttrs?.attributes.find((a) => a.type === oid.signingTime)?.values[0];
  const claimedAt = claimed instanceof asn1js.UTCTime ? claimed.toDate() : undefined;
  if (claimedAt && !Number.isNaN(claimedAt.getTime()))
    return (
      future(claimedAt, 'claimed signing time') ?? {
        check: check(
          'signing-time',
          'valid',
          `The signer says it signed at ${iso(claimedAt)} (signing-time, self-asserted: no trusted timestamp proves it).${note}`,
        ),
        at: claimedAt,
        source: 'signing-time (self-asserted)',
      }
    );
  return {
    check: check(
      'signing-time',
      'undetermined',
      `The signature carries no signing time, so its certificates were checked at the time of verification.${note}`,
    ),
  };
}

type StampResult =
  | { ok: false; detail: string }
  | { ok: true; at: Date; tsa: string; trusted: boolean; detail: string };

async function verifySignatureTimestamp(
  context: Context,
  signerInfo: pkijs.SignerInfo,
  token: pkijs.Attribute,
): Promise<StampResult> {
  const broken = (why: string): StampResult => ({
    ok: false,
    detail: `The signature’s timestamp does not hold: ${why}.`,
  });
  try {
    const contentInfo = new pkijs.ContentInfo({ schema: token.values[0] });
    if (contentInfo.contentType !== oid.signedData) return broken('it is not a CMS SignedData');
    const signedData = new pkijs.SignedData({ schema: contentInfo.content });
    if (signedData.encapContentInfo.eContentType !== oid.tstInfo || !signedData.encapContentInfo.eContent)
      return broken('it is not an RFC 3161 token');
    const tstInfo = pkijs.TSTInfo.fromBER(signedData.encapContentInfo.eContent.getValue());
    const signatureValue = signerInfo.signature.valueBlock.valueHexView;
    // The token imprints the signature value: verifying it against that value binds it to this signature.
    const result = await signedData.verify({
      signer: 0,
      data: signatureValue.slice().buffer,
      extendedMode: true,
      checkChain: false,
    });
    if (!result.signatureVerified || !result.signerCertificate)
      return broken('its signature does not verify');
    const tsaCertificate = result.signerCertificate;
    const tsa = describeName(tsaCertificate.subject);
    const at = tstInfo.genTime;
    const pool = (signedData.certificates ?? []).filter(
      (c): c is pkijs.Certificate => c instanceof pkijs.Certificate,
    );
    const chain = await buildChain(context, tsaCertificate, [...pool, ...context.dssCertificates], at);
    const usage = timestampKeyUsage(tsaCertificate);
    const trusted = chain.kind === 'trusted' && usage.outcome === 'valid';
    const detail =
      chain.kind !== 'trusted'
        ? `that authority does not chain to ${context.trust.institutionId}’s trust list (${chain.reason}).`
        : usage.outcome !== 'valid'
          ? lowerFirst(usage.detail)
          : '';
    return { ok: true, at, tsa, trusted, detail };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/TSTInfo verification is failed/i.test(message))
      return broken('it was made for a different signature value');
    return broken(message);
  }
}

// --- the chain ----------------------------------------------------------------------------------------

type Chain =
  | { kind: 'trusted'; path: pkijs.Certificate[]; anchor: Anchor }
  | { kind: 'untrusted'; reason: string }
  | { kind: 'broken'; reason: string };

/**
 * Builds the path from `leaf` to a pinned anchor, checking each signature as it goes. Only the trust
 * list's certificates are anchors; certificates the file brings (CMS, /DSS) are only intermediates.
 */
async function buildChain(
  context: Context,
  leaf: pkijs.Certificate,
  pool: readonly pkijs.Certificate[],
  checkDate: Date,
): Promise<Chain> {
  const anchorFor = (certificate: pkijs.Certificate) =>
    context.anchors.find((a) => sameCertificate(a.certificate, certificate));
  const extend = async (path: pkijs.Certificate[]): Promise<Chain> => {
    const current = path[path.length - 1] as pkijs.Certificate;
    const anchor = anchorFor(current);
    if (anchor) return { kind: 'trusted', path, anchor };
    if (path.length > maxChainLength) return { kind: 'untrusted', reason: 'the chain is too long' };
    const name = describeName(current.subject);
    if (current.subject.isEqual(current.issuer) && (await signedBy(current, current)))
      return { kind: 'untrusted', reason: `${name} is self-signed` };
    const issuerAnchors = context.anchors.filter((a) => a.certificate.subject.isEqual(current.issuer));
    for (const a of issuerAnchors)
      if (await signedBy(current, a.certificate)) return extend([...path, a.certificate]);
    if (issuerAnchors.length > 0)
      return {
        kind: 'broken',
        reason: `${name} names ${describeName(current.issuer)} (on the trust list) as its issuer, but that certificate did not sign it`,
      };
    let best: Chain = {
      kind: 'untrusted',
      reason: `the issuer of ${name}, ${describeName(current.issuer)}, is not on the trust list and not in the file`,
    };
    const seen = new Set(path);
    for (const candidate of pool) {
      if (seen.has(candidate) || path.some((p) => sameCertificate(p, candidate))) continue;
      if (!candidate.subject.isEqual(current.issuer) || !(await signedBy(current, candidate))) continue;
      const result = await extend([...path, candidate]);
      if (result.kind === 'trusted') return result;
      best = result;
    }
    return best;
  };
  const chain = await extend([leaf]);
  if (chain.kind !== 'trusted') return chain;
  // Every certificate, anchor included, was in force at the check date.
  for (const certificate of chain.path) {
    const notBefore = certificate.notBefore.value;
    const notAfter = certificate.notAfter.value;
    const name =
      certificate === leaf
        ? `the certificate of ${describeName(certificate.subject)}`
        : describeName(certificate.subject);
    if (checkDate < notBefore)
      return {
        kind: 'broken',
        reason: `${name} was not yet valid at ${iso(checkDate)} (valid from ${iso(notBefore)})`,
      };
    if (checkDate > notAfter)
      return {
        kind: 'broken',
        reason: `${name} had expired at ${iso(checkDate)} (valid until ${iso(notAfter)})`,
      };
  }
  if (chain.path.length > 1) {
    // pkijs's engine adds what the walk above does not: CA flags, path length, name constraints,
    // policies. It validates the last certificate of `certs`, so the signer goes last.
    const [, ...issuers] = chain.path;
    const engine = new pkijs.CertificateChainValidationEngine({
      trustedCerts: [chain.anchor.certificate],
      certs: [...issuers.filter((c) => !sameCertificate(c, chain.anchor.certificate)).reverse(), leaf],
      crls: [],
      ocsps: [],
      checkDate,
    });
    const result = await engine.verify({ passedWhenNotRevValues: true }).catch((error: unknown) => ({
      result: false,
      resultMessage: error instanceof Error ? error.message : String(error),
    }));
    if (!result.result) return { kind: 'broken', reason: `the chain is not valid (${result.resultMessage})` };
  }
  // The institution's own window for the anchor: a signature made outside it is not one it vouches for.
  const { entry } = chain.anchor;
  if (!(checkDate >= new Date(entry.validFrom) && checkDate <= new Date(entry.validTo)))
    return {
      kind: 'untrusted',
      reason: `the chain ends at ${entry.label}, which ${context.trust.institutionId} trusts only from ${entry.validFrom} to ${entry.validTo}, not at ${iso(checkDate)}`,
    };
  return chain;
}

async function checkTrustChain(
  context: Context,
  signer: pkijs.Certificate,
  pool: readonly pkijs.Certificate[],
  checkDate: Date,
  dateWords: string,
): Promise<{ check: VerificationCheck; path?: pkijs.Certificate[]; anchor?: Anchor }> {
  const chain = await buildChain(context, signer, pool, checkDate);
  const who = describeName(signer.subject);
  if (chain.kind === 'broken')
    return { check: check('trust-chain', 'invalid', `Signed by ${who}, but ${chain.reason}.`) };
  if (chain.kind === 'untrusted')
    return {
      check: check(
        'trust-chain',
        'undetermined',
        `Signed by ${who}, not on ${context.trust.institutionId}’s trust list (${chain.reason}).`,
      ),
    };
  const { entry } = chain.anchor;
  return {
    check: check(
      'trust-chain',
      'valid',
      `Signed by ${who}, chained to ${entry.label} (trust anchor ${entry.anchorId}); every certificate was valid at ${dateWords} (${iso(checkDate)}).`,
    ),
    path: chain.path,
    anchor: chain.anchor,
  };
}

const sameCertificate = (a: pkijs.Certificate, b: pkijs.Certificate) =>
  a === b || Buffer.from(a.tbsView).equals(Buffer.from(b.tbsView));

async function signedBy(certificate: pkijs.Certificate, issuer: pkijs.Certificate): Promise<boolean> {
  try {
    return await certificate.verify(issuer);
  } catch {
    return false;
  }
}

// --- key usage ------------------------------------------------------------------------------------------

function extensionValue(certificate: pkijs.Certificate, id: string): unknown {
  return certificate.extensions?.find((e) => e.extnID === id)?.parsedValue;
}

function keyUsageBits(certificate: pkijs.Certificate): number | undefined {
  const value = extensionValue(certificate, oid.keyUsage);
  if (!(value instanceof asn1js.BitString)) return undefined;
  return value.valueBlock.valueHexView[0] ?? 0;
}

function extendedUsages(certificate: pkijs.Certificate): string[] | undefined {
  const value = extensionValue(certificate, oid.extKeyUsage);
  return value instanceof pkijs.ExtKeyUsage ? value.keyPurposes : undefined;
}

function signingKeyUsage(signer: pkijs.Certificate): VerificationCheck {
  const who = describeName(signer.subject);
  const bits = keyUsageBits(signer);
  if (bits === undefined)
    return check(
      'key-usage',
      'undetermined',
      `The certificate of ${who} states no key usage, so it is not known to be meant for signing.`,
    );
  if ((bits & 0xc0) === 0)
    return check(
      'key-usage',
      'invalid',
      `The certificate of ${who} does not allow signing (its key usage has neither digitalSignature nor nonRepudiation).`,
    );
  const usages = extendedUsages(signer);
  if (usages && !usages.some((u) => documentSigningUsages.has(u)))
    return check(
      'key-usage',
      'invalid',
      `The certificate of ${who} is restricted to other purposes (${usages.join(', ')}), not document signing.`,
    );
  const allowed = usages?.find((u) => documentSigningUsages.has(u));
  return check(
    'key-usage',
    'valid',
    `The certificate of ${who} allows signing${allowed ? ` (${documentSigningUsages.get(allowed)})` : ''}.`,
  );
}

function timestampKeyUsage(tsa: pkijs.Certificate): VerificationCheck {
  const who = describeName(tsa.subject);
  const usages = extendedUsages(tsa);
  if (!usages?.includes(oid.timeStamping))
    return check(
      'key-usage',
      'invalid',
      `The certificate of ${who} is not a time-stamping certificate (no timeStamping usage).`,
    );
  const bits = keyUsageBits(tsa);
  if (bits !== undefined && (bits & 0xc0) === 0)
    return check('key-usage', 'invalid', `The certificate of ${who} does not allow signing.`);
  return check('key-usage', 'valid', `The certificate of ${who} is a time-stamping certificate.`);
}

// --- revocation ----------------------------------------------------------------------------------------

async function checkRevocation(
  context: Context,
  cms: ParsedCms,
  path: pkijs.Certificate[] | undefined,
  checkDate: Date,
  provenTime: boolean,
  what: string,
): Promise<VerificationCheck> {
  const undetermined = (detail: string) => check('revocation', 'undetermined', detail);
  const found = embeddedRevocation(context, cms);
  if (!path || path.length < 2)
    return undetermined(
      path
        ? 'Not checked: the signer certificate is itself the trust anchor.'
        : 'Not checked: there is no valid chain to the trust list.',
    );
  if (found.crls.length === 0)
    return undetermined(
      found.ocsp
        ? 'Not checked: the file embeds only OCSP responses, which CTS does not read yet, and CTS checks offline.'
        : 'Not checked: no revocation data in the file, and CTS checks offline.',
    );
  // A certificate of the path listed by its issuer's CRL: the signer, or an intermediate.
  let covering: pkijs.CertificateRevocationList | undefined;
  let stale = 0;
  for (let i = 0; i < path.length - 1; i++) {
    const certificate = path[i] as pkijs.Certificate;
    const issuer = path[i + 1] as pkijs.Certificate;
    for (const crl of found.crls) {
      if (!crl.issuer.isEqual(certificate.issuer) || !(await crlSignedBy(crl, issuer))) continue;
      const entry = crl.revokedCertificates?.find((r) => r.userCertificate.isEqual(certificate.serialNumber));
      const name =
        i === 0
          ? `The signer certificate (${describeName(certificate.subject)})`
          : describeName(certificate.subject);
      if (entry) {
        const revokedAt = entry.revocationDate.value;
        // Revoked after a proven signing time: the signature was made while the key was good.
        if (!(provenTime && revokedAt > checkDate))
          return check(
            'revocation',
            'invalid',
            `${name} is revoked since ${iso(revokedAt)} according to the CRL of ${describeName(crl.issuer)} issued ${iso(crl.thisUpdate.value)}.`,
          );
        continue;
      }
      if (i > 0) continue;
      const thisUpdate = crl.thisUpdate.value;
      const nextUpdate = crl.nextUpdate?.value;
      const fromFuture = thisUpdate.getTime() > context.now.getTime() + clockSkewMs;
      const coversDate = thisUpdate <= checkDate && (!nextUpdate || checkDate <= nextUpdate);
      // A CRL issued after the signing time, while the certificate was still valid, lists any
      // revocation up to then: it covers the signing time too.
      const issuedLater = thisUpdate >= checkDate && thisUpdate <= certificate.notAfter.value;
      if (!fromFuture && (coversDate || issuedLater)) covering ??= crl;
      else stale++;
    }
  }
  if (covering)
    return check(
      'revocation',
      'valid',
      `The ${what}’s certificate is not on the CRL of ${describeName(covering.issuer)} issued ${iso(covering.thisUpdate.value)}${covering.nextUpdate ? ` (next update ${iso(covering.nextUpdate.value)})` : ''}, embedded in the file, which covers ${iso(checkDate)}.`,
    );
  return undetermined(
    stale > 0
      ? `Not decided: the embedded CRL does not cover ${iso(checkDate)}, and CTS checks offline.`
      : `Not checked: no CRL in the file is signed by the issuer of the ${what}’s certificate, and CTS checks offline.`,
  );
}

/** CRLs from the CMS, from Adobe's revocationInfoArchival signed attribute, and from the /DSS. */
function embeddedRevocation(
  context: Context,
  cms: ParsedCms,
): { crls: pkijs.CertificateRevocationList[]; ocsp: boolean } {
  const crls: pkijs.CertificateRevocationList[] = [...context.dssCrls];
  let ocsp = context.dssHasOcsp;
  for (const item of cms.signedData.crls ?? []) {
    if (item instanceof pkijs.CertificateRevocationList) crls.push(item);
    else if (item instanceof pkijs.OtherRevocationInfoFormat && item.otherRevInfoFormat === oid.ocspBasic)
      ocsp = true;
  }
  if (cms.signedData.ocsps && cms.signedData.ocsps.length > 0) ocsp = true;
  const archival = cms.signerInfo.signedAttrs?.attributes.find((a) => a.type === oid.adobeRevocationInfo)
    ?.values[0];
  if (archival instanceof asn1js.Sequence) {
    for (const part of archival.valueBlock.value) {
      if (!(part instanceof asn1js.Constructed) || part.idBlock.tagClass !== 3) continue;
      const list = part.valueBlock.value[0];
      if (part.idBlock.tagNumber === 1) ocsp = true;
      if (part.idBlock.tagNumber !== 0 || !(list instanceof asn1js.Sequence)) continue;
      for (const element of list.valueBlock.value) {
        try {
          crls.push(new pkijs.CertificateRevocationList({ schema: element }));
        } catch {
          // a damaged CRL proves nothing either way; the others still count
        }
      }
    }
  }
  return { crls, ocsp };
}

async function crlSignedBy(
  crl: pkijs.CertificateRevocationList,
  issuer: pkijs.Certificate,
): Promise<boolean> {
  const bits = keyUsageBits(issuer);
  if (bits !== undefined && (bits & 0x02) === 0) return false;
  try {
    return await crl.verify({ issuerCertificate: issuer });
  } catch {
    return false;
  }
}

// --- after signing ---------------------------------------------------------------------------------------

function changesAfterSigning(structure: PdfStructure, summaries: SignatureSummary[]): VerificationCheck {
  // Each signature's own revision, not what its ByteRange claims: a short ByteRange is the
  // byte-range check's finding, and must not make the signed revision look like a later one.
  const ends = structure.signatures.map((field, i) => ({
    approval: field.type !== 'DocTimeStamp',
    end: field.revision?.end ?? summaries[i]?.coversBytes ?? 0,
  }));
  const approvals = ends.filter((e) => e.approval);
  const signedEnd = Math.max(0, ...(approvals.length > 0 ? approvals : ends).map((e) => e.end));
  const changes = structure.changesAfter(signedEnd);
  if (changes.revisionsAdded === 0)
    return check('changes-after-signing', 'valid', 'Nothing was added to the file after the last signature.');
  if (changes.disallowedCount === 0) {
    const added = [
      ...(changes.dssAdded ? ['validation data (/DSS)'] : []),
      ...(changes.documentTimestampsAdded > 0
        ? [plural(changes.documentTimestampsAdded, 'document timestamp')]
        : []),
    ];
    const size = `${plural(changes.bytesAdded, 'byte')} in ${plural(changes.revisionsAdded, 'revision')}`;
    return check(
      'changes-after-signing',
      'valid',
      added.length > 0
        ? `After the last signature only ${added.join(' and ')} ${added.length > 1 || changes.documentTimestampsAdded > 1 ? 'were' : 'was'} added (${size}).`
        : `After the last signature ${size} were added that change nothing.`,
    );
  }
  const more =
    changes.disallowedCount > changes.disallowed.length
      ? `, and ${changes.disallowedCount - changes.disallowed.length} more`
      : '';
  return check(
    'changes-after-signing',
    'undetermined',
    `${plural(changes.bytesAdded, 'byte')} in ${plural(changes.revisionsAdded, 'revision')} were added after the last signature, changing ${plural(changes.objectsChanged, 'object')} (${changes.disallowed.join('; ')}${more}): what a viewer shows may not be what was signed.`,
  );
}

// --- words -------------------------------------------------------------------------------------------------

function summarise(
  format: TranscriptFormat,
  recommendation: VerificationReport['recommendation'],
  checks: VerificationCheck[],
  signatures: SignatureSummary[],
): string {
  const firstInvalid = checks.find((c) => c.outcome === 'invalid');
  if (firstInvalid) return `The PDF fails verification: ${lowerFirst(stripPeriod(firstInvalid.detail))}.`;
  if (format === 'unsigned-pdf')
    return 'The PDF has no digital signature, so its origin cannot be checked and ARO should review it.';
  const signer = signatures.find((s) => s.signer)?.signer ?? 'an unknown signer';
  if (recommendation === 'Verified') {
    const signed = signatures.find((s) => s.signedAt);
    return `The PDF is signed by ${signer}${signed?.signedAt ? ` on ${signed.signedAt.slice(0, 10)}` : ''} and every check passed.`;
  }
  const open = [...new Set(checks.filter((c) => c.outcome === 'undetermined').map((c) => c.check))];
  return `The PDF is signed by ${signer}, but ${open.length === 1 ? 'one check' : `${open.length} checks`} could not be completed here (${open.join(', ')}), so ARO should review it.`;
}

const lowerFirst = (s: string) => (/^[A-Z][a-z]/.test(s) ? s[0]?.toLowerCase() + s.slice(1) : s);
const stripPeriod = (s: string) => s.replace(/\.$/, '');
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const iso = (date: Date) => (Number.isNaN(date.getTime()) ? 'an invalid date' : date.toISOString());

/** "CN, O" of a name, as ARO reads a signer: "Registrar, Test University". */
function describeName(name: pkijs.RelativeDistinguishedNames): string {
  const value = (type: string) =>
    name.typesAndValues.find((t) => t.type === type)?.value.valueBlock.value as string | undefined;
  const parts = [value(oid.commonName), value(oid.organization)].filter(
    (p): p is string => typeof p === 'string',
  );
  if (parts.length > 0) return parts.join(', ');
  const any = name.typesAndValues.map((t) => t.value.valueBlock.value).filter((v) => typeof v === 'string');
  return any.length > 0 ? any.join(', ') : 'an unnamed certificate';
}

function parseAnchors(trust: TrustList): Anchor[] {
  return trust.certificates.flatMap((entry) =>
    parseOr(Buffer.from(entry.certificateDer, 'base64'), pkijs.Certificate).map((certificate) => ({
      entry,
      certificate,
    })),
  );
}

/** A DER object parsed with the CMS limits, or nothing when it is damaged. */
function parseOr<T>(der: Uint8Array, type: new (parameters: { schema: asn1js.AsnType }) => T): T[] {
  try {
    const parsed = asn1js.fromBER(der, berLimits);
    if (parsed.offset === -1) return [];
    return [new type({ schema: parsed.result })];
  } catch {
    return [];
  }
}
