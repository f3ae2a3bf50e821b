import * as z from 'zod/mini';
import { jsonOperation, lazySchema } from '../commons/contracts.js';
import { creditUnits } from '../mappings/contracts.js';

// Signed credit transfer decisions (issue 10 item 6): an Approved application as a JWS (ES256) that
// a receiving university or the student information system verifies offline against the published
// key set, with no call to CTS. What is signed is the decision below: the application, the student,
// the institution and its courses with the final grades, the HKUST courses and the credits each
// receives graded "T", the conversion rule and grade scale versions, who approved and when.

/** The JWS `typ`: names what the token is, so a CTS sign-in token can never pass for a decision. */
export const signedDecisionType = 'cts-credit-transfer-decision+jwt';
export const signedDecisionSchemaVersion = 1;
/** A compact JWS of a decision is a few KB; anything far larger is not one. */
export const maxSignedDecisionLength = 16_384;

export const signedDecision = lazySchema(() =>
  z.object({
    schemaVersion: z.literal(signedDecisionSchemaVersion),
    applicationId: z.string(),
    ref: z.string().check(z.describe('The D.B. Ref. No. of the approved course mapping applied for')),
    status: z.literal('Approved'),
    student: z.object({ studentId: z.string(), name: z.string(), program: z.optional(z.string()) }),
    institution: z.object({ institutionId: z.string(), name: z.string() }),
    transferTerm: z.string(),
    incomingCourses: z.array(
      z.object({
        code: z.string(),
        title: z.string(),
        credits: z.number(),
        creditUnit: z.enum(creditUnits),
        finalGrade: z.string().check(z.describe('As the host institution gave it')),
      }),
    ),
    homeCourses: z.array(z.object({ code: z.string(), title: z.string(), credits: z.number() })),
    transferred: z
      .array(z.object({ code: z.string(), title: z.string(), credits: z.number(), grade: z.literal('T') }))
      .check(z.describe('The HKUST credits each course receives, graded "T" (no effect on grade averages)')),
    credits: z.number().check(z.describe('HKUST credits transferred in all')),
    conversion: z.object({
      ruleVersion: z
        .string()
        .check(z.describe('The UCTS conversion rule version the credits were computed by')),
      gradeScale: z.object({ id: z.string(), version: z.string() }),
      lowestGrade: z.string(),
    }),
    approvedBy: z.string().check(z.describe('The ARO staff id that approved')),
    approvedAt: z.string().check(z.describe('ISO 8601')),
  }),
);
export type SignedDecision = z.infer<typeof signedDecision>;

/** The JWS payload: JWT registered claims around the decision, so standard libraries read it. */
export const signedDecisionClaims = lazySchema(() =>
  z.object({
    iss: z.string(),
    sub: z.string().check(z.describe('The student id')),
    iat: z.number().check(z.int(), z.describe('Seconds since the epoch: when this copy was signed')),
    decision: signedDecision,
  }),
);
export type SignedDecisionClaims = z.infer<typeof signedDecisionClaims>;

/** A public key of the set decisions are signed with (RFC 7517), `kid` its RFC 7638 thumbprint. */
export const decisionSigningKey = lazySchema(() =>
  z.object({
    kty: z.literal('EC'),
    crv: z.literal('P-256'),
    x: z.string(),
    y: z.string(),
    kid: z.string(),
    alg: z.literal('ES256'),
    use: z.literal('sig'),
  }),
);
export type DecisionSigningKey = z.infer<typeof decisionSigningKey>;

export const decisionSigningKeys = lazySchema(() => z.object({ keys: z.array(decisionSigningKey) }));

export const signedDecisionDownload = lazySchema(() =>
  z.object({
    applicationId: z.string(),
    fileName: z.string().check(z.describe('A name to save the document under')),
    kid: z.string(),
    jws: z.string().check(z.describe('The compact JWS (ES256): header.payload.signature')),
    decision: signedDecision,
  }),
);
export type SignedDecisionDownload = z.infer<typeof signedDecisionDownload>;

/** Why a well-formed JWS is not a CTS decision. */
export const invalidDecisionProblems = [
  'unsupported-algorithm',
  'unknown-key',
  'bad-signature',
  'wrong-type',
  'wrong-issuer',
  'not-a-decision',
] as const;
export type InvalidDecisionProblem = (typeof invalidDecisionProblems)[number];

export const verificationResult = lazySchema(() =>
  z.discriminatedUnion('valid', [
    z.object({
      valid: z.literal(true),
      kid: z.string(),
      issuer: z.string(),
      issuedAt: z.string().check(z.describe('ISO 8601: when this copy was signed')),
      decision: signedDecision,
    }),
    z.object({
      valid: z.literal(false),
      problem: z.enum(invalidDecisionProblems),
      reason: z.string().check(z.describe('Why the document is not a genuine CTS decision, in words')),
    }),
  ]),
);
export type VerificationResult = z.infer<typeof verificationResult>;

// Compact serialization (RFC 7515 §7.1): three base64url parts; the signature may be empty (an
// unsigned `alg: none` token), which is then refused as invalid, with the reason, not as malformed.
const compactJws = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

export const signedDecisionContracts = {
  downloadSignedDecision: jsonOperation(() => ({
    request: z.object({
      path: z.object({ applicationId: z.uuid({ message: 'must be an application id' }) }),
    }),
    responses: { 200: signedDecisionDownload },
  })),
  getDecisionSigningKeys: jsonOperation(() => ({
    responses: { 200: decisionSigningKeys },
  })),
  verifySignedDecision: jsonOperation(() => ({
    request: z.object({
      body: z.object(
        {
          jws: z
            .string({ message: 'must be the signed decision, a compact JWS' })
            .check(
              z.trim(),
              z.minLength(1, 'paste the signed decision (a compact JWS)'),
              z.maxLength(maxSignedDecisionLength, `must be at most ${maxSignedDecisionLength} characters`),
              z.regex(compactJws, 'is not a compact JWS: three base64url parts separated by dots'),
            ),
        },
        { message: 'must be a JSON object with jws' },
      ),
    }),
    responses: { 200: verificationResult },
  })),
};
