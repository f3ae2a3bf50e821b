import * as z from 'zod/mini';
import { auditEvent, errorBody, fileToPostBody, jsonOperation, lazySchema } from '../commons/contracts.js';

// Official transcripts (guide §5.2): the student's "Official Transcript" panel on the Study Record,
// ARO's queue and decisions through the admin API, and the trust list each institution's transcripts
// are verified against. A transcript is personal data: only its student and ARO see it.

/**
 * The guide's four statuses, which only ARO assigns, and the two before a file is attached: the
 * upload is Awaiting Upload until the verification hook has read it, and Not Accepted when it was
 * not a PDF or a credential file at all (the reason is shown; nothing is attached).
 */
export const transcriptStatuses = [
  'Awaiting Upload',
  'Not Accepted',
  'Pending Review',
  'Verified',
  'Unofficial',
  'Rejected',
] as const;
/** What ARO may assign (guide §5.2). */
export const aroTranscriptStatuses = ['Verified', 'Pending Review', 'Unofficial', 'Rejected'] as const;
/** The three ways ARO receives a transcript (guide §5.2). */
export const transcriptSources = ['University Record', 'Presented at ARO', 'Uploaded by Student'] as const;
/** Who shares a University Record with ARO. */
export const universityOffices = ['URAO', 'OGL', 'School Office'] as const;
/** The guide's sentence under the Official Transcript panel, also in the status mails. */
export const onlyVerifiedAreProcessed =
  "Credit transfer applications will only be processed with 'Verified' official transcripts.";
/** The largest transcript file accepted (the presigned POST's policy and the hook hold to it). */
export const maxTranscriptBytes = 10 * 1024 * 1024;
/** The file kinds a transcript may be: a (signed) PDF, or a JSON credential (Blockcerts). */
export const transcriptFileKinds = { pdf: 'application/pdf', json: 'application/json' } as const;

export const transcriptStatus = lazySchema(() => z.enum(transcriptStatuses));
export const transcriptSource = lazySchema(() => z.enum(transcriptSources));
export const transcriptId = lazySchema(() => z.uuid({ message: 'must be a transcript id' }));
const studentId = lazySchema(() => z.string().check(z.regex(/^\d{8}$/, 'must be an 8-digit student id')));
const recordId = lazySchema(() => z.string().check(z.minLength(1), z.maxLength(64)));
const institutionId = lazySchema(() =>
  z.string().check(z.regex(/^[a-z0-9-]{1,64}$/, 'must be an institution id like boston-university')),
);
const note = lazySchema(() =>
  z.string().check(z.trim(), z.maxLength(2000, 'must be at most 2000 characters')),
);

const fileRequest = lazySchema(() =>
  fileToPostBody({
    maxBytes: maxTranscriptBytes,
    maxSize: '10 MB',
    nameRule: z.refine(
      (name: string) => /\.(pdf|json)$/i.test(name),
      'must be a PDF (.pdf) or a JSON credential (.json)',
    ),
  }),
);

// ---- the verification report (functions/transcripts/verification/report.ts) ----

const checkOutcome = lazySchema(() => z.enum(['valid', 'invalid', 'undetermined']));
export const verificationReport = lazySchema(() =>
  z.object({
    format: z.enum(['signed-pdf', 'unsigned-pdf', 'blockcerts-v3', 'blockcerts-v2', 'other-credential']),
    recommendation: z.enum(['Verified', 'Pending Review', 'Rejected']),
    summary: z.string(),
    checks: z.array(z.object({ check: z.string(), outcome: checkOutcome, detail: z.string() })),
    signatures: z.optional(
      z.array(
        z.object({
          signer: z.optional(z.string()),
          issuer: z.optional(z.string()),
          signedAt: z.optional(z.string()),
          signedAtSource: z.optional(z.enum(['timestamp', 'signing-time (self-asserted)'])),
          trustAnchorId: z.optional(z.string()),
          coversBytes: z.optional(z.number()),
        }),
      ),
    ),
    credential: z.optional(
      z.object({
        issuer: z.optional(z.string()),
        issuedOn: z.optional(z.string()),
        name: z.optional(z.string()),
      }),
    ),
    sha256: z.string(),
    checkedAt: z.string(),
  }),
);

// ---- what the student sees ----

/** A transcript as its student sees it: no report, only what ARO decided and why. */
export const studentTranscript = lazySchema(() =>
  z.object({
    transcriptId: z.string(),
    recordId: z.string(),
    title: z.string().check(z.describe('The file name as uploaded')),
    fileKind: z.enum(['pdf', 'json']),
    source: transcriptSource,
    status: transcriptStatus,
    statusNote: z.optional(z.string()).check(z.describe("ARO's note on the status (e.g. why Unofficial)")),
    notAcceptedReason: z
      .optional(z.string())
      .check(z.describe('Why the file was not accepted, on Not Accepted')),
    sizeBytes: z.optional(z.number()),
    addedAt: z.string(),
    updatedAt: z.string(),
  }),
);

export const transcriptUploadTicket = lazySchema(() =>
  z.object({
    transcript: studentTranscript,
    post: z.object({ url: z.string(), fields: z.record(z.string(), z.string()) }),
    maxBytes: z.number(),
  }),
);

export const transcriptDownload = lazySchema(() =>
  z.object({
    url: z.string().check(z.describe('A presigned URL of the verified copy, valid for minutes')),
    expiresAt: z.string(),
  }),
);

// ---- what ARO sees ----

export const aroTranscript = lazySchema(() =>
  z.extend(studentTranscript, {
    studentId: z.string(),
    institutionId: z.string(),
    institutionName: z.string(),
    addedBy: z.string().check(z.describe('The student, or the ARO staff id who recorded it')),
    receivedFrom: z
      .optional(z.string())
      .check(z.describe('URAO, OGL or School Office, for a University Record')),
    report: z
      .optional(verificationReport)
      .check(z.describe('What the verification hook found, once it has read the file')),
    sha256: z.optional(z.string()),
    statusBy: z
      .optional(z.string())
      .check(z.describe('Who assigned the current status (the hook, or ARO staff)')),
    version: z.number(),
  }),
);

export const aroTranscriptDetail = lazySchema(() =>
  z.object({ transcript: aroTranscript, history: z.array(auditEvent) }),
);

export const trustedCertificate = lazySchema(() =>
  z.object({
    anchorId: z.string().check(z.trim(), z.minLength(1), z.maxLength(64)),
    label: z.string().check(z.trim(), z.minLength(1, 'is required'), z.maxLength(200)),
    certificateDer: z
      .string()
      .check(
        z.regex(/^[A-Za-z0-9+/]+={0,2}$/, 'must be the certificate in DER, base64 encoded'),
        z.maxLength(20_000, 'must be at most 20000 characters'),
      ),
    validFrom: z.iso.datetime({ message: 'must be an ISO date-time' }),
    validTo: z.iso.datetime({ message: 'must be an ISO date-time' }),
  }),
);

export const trustedIssuerKey = lazySchema(() =>
  z.object({
    keyId: z.string().check(z.trim(), z.minLength(1), z.maxLength(64)),
    label: z.string().check(z.trim(), z.minLength(1, 'is required'), z.maxLength(200)),
    issuerId: z
      .string()
      .check(
        z.trim(),
        z.minLength(1),
        z.maxLength(500),
        z.describe('The issuer profile the credential names'),
      ),
    verificationMethod: z.string().check(z.trim(), z.minLength(1), z.maxLength(500)),
    publicKeyEd25519: z.optional(
      z.string().check(z.regex(/^[A-Za-z0-9+/]{43}=$/, 'must be a raw 32-byte Ed25519 key, base64 encoded')),
    ),
    validFrom: z.iso.datetime({ message: 'must be an ISO date-time' }),
    validTo: z.iso.datetime({ message: 'must be an ISO date-time' }),
  }),
);

export const trustListView = lazySchema(() =>
  z.object({
    institutionId: z.string(),
    certificates: z.array(
      z.extend(trustedCertificate, {
        subject: z.optional(z.string()).check(z.describe('Read from the certificate')),
      }),
    ),
    issuerKeys: z.array(trustedIssuerKey),
    version: z.number().check(z.describe('0 while nothing is trusted; send it back to change the list')),
    updatedAt: z.optional(z.string()),
    updatedBy: z.optional(z.string()),
  }),
);

const transcriptPath = lazySchema(() => z.object({ studentId, transcriptId }));

export const transcriptContracts = {
  createTranscriptUpload: jsonOperation(() => ({
    request: z.object({ path: z.object({ recordId }), body: fileRequest }),
    responses: { 201: transcriptUploadTicket },
    errors: { 413: errorBody },
  })),
  getMyTranscript: jsonOperation(() => ({
    request: z.object({ path: z.object({ transcriptId }) }),
    responses: { 200: studentTranscript },
  })),
  downloadMyTranscript: jsonOperation(() => ({
    request: z.object({ path: z.object({ transcriptId }) }),
    responses: { 200: transcriptDownload },
  })),

  listTranscriptsForAro: jsonOperation(() => ({
    request: z.object({
      query: z.object({
        status: z._default(
          z.enum(transcriptStatuses, { message: `must be one of ${transcriptStatuses.join(', ')}` }),
          'Pending Review',
        ),
      }),
    }),
    responses: {
      200: z.object({
        status: transcriptStatus,
        transcripts: z.array(aroTranscript).check(z.describe('Oldest first')),
      }),
    },
  })),
  getTranscriptForAro: jsonOperation(() => ({
    request: z.object({ path: transcriptPath }),
    responses: { 200: aroTranscriptDetail },
  })),
  downloadTranscriptForAro: jsonOperation(() => ({
    request: z.object({ path: transcriptPath }),
    responses: { 200: transcriptDownload },
  })),
  setTranscriptStatus: jsonOperation(() => ({
    request: z.object({
      path: transcriptPath,
      body: z.object(
        {
          status: z.enum(aroTranscriptStatuses, {
            message: `must be one of ${aroTranscriptStatuses.join(', ')}`,
          }),
          note: z.optional(note).check(z.describe('Shown to the student')),
          internalNote: z.optional(note).check(z.describe('ARO only')),
          version: z
            .number()
            .check(z.int(), z.nonnegative(), z.describe('The version read; a concurrent change wins')),
        },
        { message: 'must be a JSON object with status and version' },
      ),
    }),
    responses: { 200: aroTranscript },
  })),
  recordReceivedTranscript: jsonOperation(() => ({
    request: z.object({
      path: z.object({ studentId, recordId }),
      body: z.discriminatedUnion(
        'source',
        [
          z.extend(fileRequest, {
            source: z.literal('University Record'),
            receivedFrom: z.enum(universityOffices, {
              message: `must be one of ${universityOffices.join(', ')}`,
            }),
          }),
          z.extend(fileRequest, { source: z.literal('Presented at ARO') }),
        ],
        { message: 'source must be University Record or Presented at ARO' },
      ),
    }),
    responses: {
      201: z.object({
        transcript: aroTranscript,
        post: z.object({ url: z.string(), fields: z.record(z.string(), z.string()) }),
        maxBytes: z.number(),
      }),
    },
    errors: { 413: errorBody },
  })),
  getTrustList: jsonOperation(() => ({
    request: z.object({ path: z.object({ institutionId }) }),
    responses: { 200: trustListView },
  })),
  putTrustList: jsonOperation(() => ({
    request: z.object({
      path: z.object({ institutionId }),
      body: z.object(
        {
          certificates: z.array(trustedCertificate).check(z.maxLength(50, 'at most 50 certificates')),
          issuerKeys: z.array(trustedIssuerKey).check(z.maxLength(50, 'at most 50 issuer keys')),
          version: z
            .number()
            .check(z.int(), z.nonnegative(), z.describe('The version read (0 for a new list)')),
        },
        { message: 'must be a JSON object with certificates, issuerKeys and version' },
      ),
    }),
    responses: { 200: trustListView },
  })),
} as const;

export type TranscriptStatus = (typeof transcriptStatuses)[number];
export type AroTranscriptStatus = (typeof aroTranscriptStatuses)[number];
export type TranscriptSource = (typeof transcriptSources)[number];
export type UniversityOffice = (typeof universityOffices)[number];
export type StudentTranscript = z.infer<typeof studentTranscript>;
export type AroTranscript = z.infer<typeof aroTranscript>;
export type TranscriptUploadTicket = z.infer<typeof transcriptUploadTicket>;
