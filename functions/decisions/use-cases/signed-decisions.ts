// Signed credit transfer decisions (issue 10 item 6).
//
// downloadSignedDecision — Input: the signed-in student, an application id. Output: the decision
//   as a compact JWS (ES256) with the key id, and the decision it states. Primary course: the
//   student's own application (another student's is not found), Approved (else a 409 naming its
//   status), stated by decisionOf and signed by the signer's key; nothing is written.
// decisionSigningKeys — the public key set (JWKS) decisions are verified against, offline.
// verifySignedDecision — Input: a compact JWS anyone holds. Output: valid, with the decision, the
//   key and when it was signed; or invalid with the problem and the reason. Malformed input (not a
//   JWS at all) is a 400 naming body.jws. The algorithm is ES256, fixed here, never the token's.
import type { Application } from '../../applications/entities/application.js';
import { NotFoundError, ValidationError } from '../../commons/errors.js';
import type { Student } from '../../records/entities/student.js';
import {
  type DecisionSigningKey,
  type InvalidDecisionProblem,
  type SignedDecisionDownload,
  signedDecisionClaims,
  signedDecisionType,
  type VerificationResult,
} from '../contracts.js';
import { decisionOf } from '../domain/decision-payload.js';
import {
  compactParts,
  decisionAlgorithm,
  type EcPublicJwk,
  publishedKey,
  signingInput,
  verifiesEs256,
} from '../domain/jws.js';

/** Signs with one ES256 key: a KMS asymmetric key in AWS, a key file locally. */
export interface DecisionSigner {
  publicKey(): Promise<EcPublicJwk>;
  /** ES256 over the bytes: JOSE's raw r||s, 64 bytes. */
  sign(input: Uint8Array): Promise<Uint8Array>;
}

export interface SignedDecisionDeps {
  applications: {
    get(studentId: string, applicationId: string): Promise<Application | undefined>;
    getStudent(studentId: string): Promise<Student | undefined>;
  };
  signer: DecisionSigner;
  /** The `iss` of every decision this deployment signs, and the only one it accepts. */
  issuer: string;
  now: () => Date;
}

export async function downloadSignedDecision(
  deps: SignedDecisionDeps,
  studentId: string,
  applicationId: string,
): Promise<SignedDecisionDownload> {
  const [application, student, jwk] = await Promise.all([
    deps.applications.get(studentId, applicationId),
    deps.applications.getStudent(studentId),
    deps.signer.publicKey(),
  ]);
  if (!application) throw new NotFoundError(`No application ${applicationId} of yours`);
  const decision = decisionOf(application, student);
  const { kid } = publishedKey(jwk);
  const input = signingInput(
    { alg: decisionAlgorithm, typ: signedDecisionType, kid },
    { iss: deps.issuer, sub: studentId, iat: Math.floor(deps.now().getTime() / 1000), decision },
  );
  const signature = await deps.signer.sign(Buffer.from(input));
  return {
    applicationId,
    fileName: `credit-transfer-decision-${application.ref}.jws`,
    kid,
    jws: `${input}.${Buffer.from(signature).toString('base64url')}`,
    decision,
  };
}

export async function decisionSigningKeys(
  deps: Pick<SignedDecisionDeps, 'signer'>,
): Promise<{ keys: DecisionSigningKey[] }> {
  return { keys: [publishedKey(await deps.signer.publicKey())] };
}

const invalid = (problem: InvalidDecisionProblem, reason: string): VerificationResult => ({
  valid: false,
  problem,
  reason,
});

export async function verifySignedDecision(
  deps: Pick<SignedDecisionDeps, 'signer' | 'issuer'>,
  jws: string,
): Promise<VerificationResult> {
  const parts = compactParts(jws);
  if ('malformed' in parts) throw ValidationError.of('body.jws', parts.malformed);
  const { header } = parts;
  if (header.alg !== decisionAlgorithm) {
    return invalid(
      'unsupported-algorithm',
      header.alg === 'none'
        ? 'The document is unsigned (alg "none"): CTS decisions are always signed with ES256.'
        : `The document is signed with ${JSON.stringify(header.alg ?? null)}: CTS decisions are signed with ES256 only.`,
    );
  }
  if (header.crit !== undefined) {
    return invalid('unsupported-algorithm', 'The header names critical extensions, which CTS never uses.');
  }
  const key = publishedKey(await deps.signer.publicKey());
  if (header.kid !== key.kid) {
    return invalid(
      'unknown-key',
      `The document names signing key ${JSON.stringify(header.kid ?? null)}, which is not a published CTS key (${key.kid}).`,
    );
  }
  if (!verifiesEs256(key, parts.signingInput, parts.signature)) {
    return invalid(
      'bad-signature',
      'The signature does not match: the document was changed after it was signed, or CTS did not sign it.',
    );
  }
  // Signed by our key: what follows only tells a decision from another token signed by it.
  if (header.typ !== signedDecisionType) {
    return invalid('wrong-type', `The document is a ${String(header.typ)}, not a credit transfer decision.`);
  }
  const claims = signedDecisionClaims.safeParse(parts.payload);
  if (!claims.success) {
    return invalid('not-a-decision', 'The signed content is not a credit transfer decision of this version.');
  }
  if (claims.data.iss !== deps.issuer) {
    return invalid(
      'wrong-issuer',
      `The document was issued by ${claims.data.iss}, not by this deployment (${deps.issuer}).`,
    );
  }
  return {
    valid: true,
    kid: key.kid,
    issuer: claims.data.iss,
    issuedAt: new Date(claims.data.iat * 1000).toISOString(),
    decision: claims.data.decision,
  };
}
