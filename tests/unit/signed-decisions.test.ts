import { createHash, generateKeyPairSync, type KeyObject, sign, verify } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetPublicKeyCommand, KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { createLocalJWKSet, importJWK, jwtVerify, SignJWT } from 'jose';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Application } from '../../functions/applications/entities/application.js';
import {
  ConflictError,
  NotFoundError,
  ServiceUnavailableError,
  ValidationError,
} from '../../functions/commons/errors.js';
import { KmsDecisionSigner } from '../../functions/decisions/adapters/kms-signer.js';
import { LocalDecisionSigner } from '../../functions/decisions/adapters/local-signer.js';
import { signedDecisionType } from '../../functions/decisions/contracts.js';
import { decisionOf } from '../../functions/decisions/domain/decision-payload.js';
import { derToJose } from '../../functions/decisions/domain/ecdsa-signature.js';
import { decisionSignerConfig } from '../../functions/decisions/signing-env.js';
import {
  type DecisionSigner,
  decisionSigningKeys,
  downloadSignedDecision,
  type SignedDecisionDeps,
  verifySignedDecision,
} from '../../functions/decisions/use-cases/signed-decisions.js';
import type { Student } from '../../functions/records/entities/student.js';
import { ensureDecisionSigningKey } from '../../local/decision-key.js';

// Given an Approved credit transfer application, when its student downloads the signed decision,
// then anyone verifies it offline with a standard JOSE library against the published key set, and
// the verify operation tells a genuine decision from a changed, unsigned or foreign one, with why.

const issuer = 'hkust-cts:test';
const now = new Date('2026-12-02T06:00:00Z');

const approved: Application = {
  studentId: '20841234',
  applicationId: '6f1c2a9e-8d3b-4f5a-9c7e-1b2d3e4f5a6b',
  recordId: 'SR-1',
  ref: 'B006711-02',
  institutionId: 'ucb',
  institutionName: 'University of California, Berkeley',
  incomingCourses: [
    { code: 'ME 40', title: 'Thermodynamics', credits: 3, creditUnit: 'CREDIT', finalGrade: 'A-' },
  ],
  homeCourses: [{ code: 'MECH2310', title: 'Thermodynamics', credits: 3, subjectArea: 'MECH' }],
  transferTerm: '2025-26 Fall',
  status: 'Approved',
  createdAt: '2026-09-01T00:00:00.000Z',
  updatedAt: '2026-11-30T08:00:00.000Z',
  version: 7,
  decision: {
    outcome: 'Approved',
    decidedBy: 'aro-staff-1',
    at: '2026-11-30T08:00:00.000Z',
    credits: 1.8,
    transferred: [{ code: 'MECH2310', credits: 1.8, grade: 'T' }],
    conversion: { ruleVersion: 'ucts-2024', scaleId: 'us-letter', scaleVersion: '3', lowestGrade: 'D' },
  },
};
const student: Student = {
  studentId: approved.studentId,
  name: 'Chan Tai Man',
  email: 'tmchan@connect.ust.hk',
  program: 'BEng Mechanical Engineering',
  cohortTerm: '2023-24 Fall',
  academicYear: 'Year 3',
  programStatus: 'Active',
  degreeCheckout: 'No',
};

function keyFile(): string {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const file = join(mkdtempSync(join(tmpdir(), 'cts-decision-key-')), 'key.json');
  writeFileSync(file, JSON.stringify(privateKey.export({ format: 'jwk' })));
  return file;
}

function depsWith(signer: DecisionSigner, applications: Application[] = [approved]): SignedDecisionDeps {
  return {
    applications: {
      get: async (studentId, applicationId) =>
        applications.find((a) => a.studentId === studentId && a.applicationId === applicationId),
      getStudent: async (studentId) => (studentId === student.studentId ? student : undefined),
    },
    signer,
    issuer,
    now: () => now,
  };
}

const local = LocalDecisionSigner.fromFile(keyFile());
const deps = depsWith(local);

/** The JWS with one part replaced (0 header, 1 payload, 2 signature). */
function withPart(jws: string, index: number, value: string): string {
  const parts = jws.split('.');
  parts[index] = value;
  return parts.join('.');
}
const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));

describe('the signed decision (payload)', () => {
  it('states the application, the student, the institution and its graded courses, the HKUST courses graded T, the conversion versions and the approval', () => {
    expect(decisionOf(approved, student)).toEqual({
      schemaVersion: 1,
      applicationId: approved.applicationId,
      ref: 'B006711-02',
      status: 'Approved',
      student: { studentId: '20841234', name: 'Chan Tai Man', program: 'BEng Mechanical Engineering' },
      institution: { institutionId: 'ucb', name: 'University of California, Berkeley' },
      transferTerm: '2025-26 Fall',
      incomingCourses: [
        { code: 'ME 40', title: 'Thermodynamics', credits: 3, creditUnit: 'CREDIT', finalGrade: 'A-' },
      ],
      homeCourses: [{ code: 'MECH2310', title: 'Thermodynamics', credits: 3 }],
      transferred: [{ code: 'MECH2310', title: 'Thermodynamics', credits: 1.8, grade: 'T' }],
      credits: 1.8,
      conversion: {
        ruleVersion: 'ucts-2024',
        gradeScale: { id: 'us-letter', version: '3' },
        lowestGrade: 'D',
      },
      approvedBy: 'aro-staff-1',
      approvedAt: '2026-11-30T08:00:00.000Z',
    });
  });

  it.each(['Draft', 'Submitted', 'Rejected', 'Withdrawn'] as const)(
    'is refused for a %s application, naming the status',
    (status) => {
      expect(() => decisionOf({ ...approved, status }, student)).toThrow(ConflictError);
      expect(() => decisionOf({ ...approved, status }, student)).toThrow(
        new RegExp(`is ${status}: only an Approved`),
      );
    },
  );
});

describe('downloading and verifying offline', () => {
  it('is a compact ES256 JWS that jose verifies against the published key set, naming the key, the issuer and the student', async () => {
    const download = await downloadSignedDecision(deps, approved.studentId, approved.applicationId);
    const jwks = createLocalJWKSet(await decisionSigningKeys(deps));
    const { payload, protectedHeader } = await jwtVerify(download.jws, jwks, {
      issuer,
      algorithms: ['ES256'],
      typ: signedDecisionType,
    });
    expect(protectedHeader).toEqual({ alg: 'ES256', typ: signedDecisionType, kid: download.kid });
    expect(payload).toMatchObject({ iss: issuer, sub: approved.studentId, iat: now.getTime() / 1000 });
    expect(payload.decision).toEqual(decisionOf(approved, student));
    expect(download.fileName).toBe('credit-transfer-decision-B006711-02.jws');
  });

  it("answers another student's application, and an unknown one, as not found", async () => {
    await expect(downloadSignedDecision(deps, '20849999', approved.applicationId)).rejects.toThrow(
      NotFoundError,
    );
  });

  it('publishes the key with its RFC 7638 thumbprint as kid, and no private part', async () => {
    const { keys } = await decisionSigningKeys(deps);
    expect(keys).toHaveLength(1);
    const key = keys[0];
    expect(key).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
    expect(key).not.toHaveProperty('d');
    const canonical = JSON.stringify({ crv: key?.crv, kty: key?.kty, x: key?.x, y: key?.y });
    expect(key?.kid).toBe(createHash('sha256').update(canonical).digest('base64url'));
  });
});

describe('the verify operation', () => {
  let jws: string;
  beforeEach(async () => {
    ({ jws } = await downloadSignedDecision(deps, approved.studentId, approved.applicationId));
  });

  it('finds a genuine decision valid, with the decision, the key and when it was signed', async () => {
    expect(await verifySignedDecision(deps, jws)).toEqual({
      valid: true,
      kid: (await decisionSigningKeys(deps)).keys[0]?.kid,
      issuer,
      issuedAt: now.toISOString(),
      decision: decisionOf(approved, student),
    });
  });

  it('finds a decision whose credits were changed invalid: the signature does not match', async () => {
    const claims = decode(jws.split('.')[1] as string);
    claims.decision.credits = 18;
    const tampered = withPart(jws, 1, encode(claims));
    expect(await verifySignedDecision(deps, tampered)).toMatchObject({
      valid: false,
      problem: 'bad-signature',
    });
  });

  it('finds any flipped character of the signature invalid', async () => {
    const signature = jws.split('.')[2] as string;
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: signature.length - 2 }), async (at) => {
        const flipped = signature[at] === 'A' ? 'B' : 'A';
        const changed = withPart(jws, 2, `${signature.slice(0, at)}${flipped}${signature.slice(at + 1)}`);
        const result = await verifySignedDecision(deps, changed);
        expect(result.valid).toBe(false);
      }),
      { numRuns: 40 },
    );
  });

  it('refuses an unsigned decision (alg none), whatever it says', async () => {
    const header = encode({
      alg: 'none',
      typ: signedDecisionType,
      kid: decode(jws.split('.')[0] as string).kid,
    });
    const unsigned = `${header}.${jws.split('.')[1]}.`;
    const result = await verifySignedDecision(deps, unsigned);
    expect(result).toMatchObject({ valid: false, problem: 'unsupported-algorithm' });
    expect(result.valid === false && result.reason).toMatch(/unsigned/);
  });

  it('refuses an HMAC token keyed with the public key (algorithm confusion)', async () => {
    const { keys } = await decisionSigningKeys(deps);
    const secret = new TextEncoder().encode(JSON.stringify(keys[0]));
    const forged = await new SignJWT({ decision: decisionOf(approved, student) })
      .setProtectedHeader({ alg: 'HS256', typ: signedDecisionType, kid: keys[0]?.kid ?? '' })
      .setIssuer(issuer)
      .setIssuedAt()
      .sign(secret);
    expect(await verifySignedDecision(deps, forged)).toMatchObject({
      valid: false,
      problem: 'unsupported-algorithm',
    });
  });

  it('refuses a decision naming another key, and one signed by another key under ours', async () => {
    const header = decode(jws.split('.')[0] as string);
    expect(
      await verifySignedDecision(deps, withPart(jws, 0, encode({ ...header, kid: 'someone-else' }))),
    ).toMatchObject({
      valid: false,
      problem: 'unknown-key',
    });
    // A forger's key, claiming ours by kid: the signature gives it away.
    const forger = LocalDecisionSigner.fromFile(keyFile());
    const forged = await downloadSignedDecision(
      { ...depsWith(forger), signer: { publicKey: () => local.publicKey(), sign: (i) => forger.sign(i) } },
      approved.studentId,
      approved.applicationId,
    );
    expect(await verifySignedDecision(deps, forged.jws)).toMatchObject({
      valid: false,
      problem: 'bad-signature',
    });
  });

  it('refuses a token signed by our key that is not a decision, or names another issuer', async () => {
    const jwk = (await decisionSigningKeys(deps)).keys[0];
    const otherIssuer = await downloadSignedDecision(
      { ...deps, issuer: 'hkust-cts:prod' },
      approved.studentId,
      approved.applicationId,
    );
    expect(await verifySignedDecision(deps, otherIssuer.jws)).toMatchObject({
      valid: false,
      problem: 'wrong-issuer',
    });
    // Our key, our kid, a payload that is not a decision.
    const header = { alg: 'ES256', typ: signedDecisionType, kid: jwk?.kid };
    const input = `${encode(header)}.${encode({ iss: issuer, sub: 'x', iat: 1 })}`;
    const signature = Buffer.from(await local.sign(Buffer.from(input))).toString('base64url');
    expect(await verifySignedDecision(deps, `${input}.${signature}`)).toMatchObject({
      valid: false,
      problem: 'not-a-decision',
    });
  });

  it.each([
    ['not three parts', 'abc.def'],
    ['a header that is not JSON', `${Buffer.from('not json').toString('base64url')}.e30.c2ln`],
    [
      'a payload that is not JSON',
      `${encode({ alg: 'ES256' })}.${Buffer.from('{').toString('base64url')}.c2ln`,
    ],
  ])('answers %s as malformed input (a 400 naming body.jws)', async (_, input) => {
    const error = await verifySignedDecision(deps, input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues[0]?.field).toBe('body.jws');
  });
});

describe('DER to JOSE signatures', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });

  it('turns every DER signature node:crypto makes into the raw r||s that verifies', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 200 }), (message) => {
        const der = sign('sha256', message, { key: privateKey, dsaEncoding: 'der' });
        const raw = derToJose(der);
        expect(raw).toHaveLength(64);
        expect(verify('sha256', message, { key: publicKey, dsaEncoding: 'ieee-p1363' }, raw)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('pads short integers and drops the sign byte of long ones', () => {
    // r = 0x01 (one byte), s = 0x00 0xff.. (33 bytes with the sign byte)
    const s = Buffer.alloc(32, 0xff);
    const der = Buffer.from([0x30, 3 + 2 + 33, 0x02, 1, 0x01, 0x02, 33, 0x00, ...s]);
    const raw = derToJose(der);
    expect(raw.subarray(0, 32)).toEqual(Buffer.concat([Buffer.alloc(31), Buffer.from([1])]));
    expect(raw.subarray(32)).toEqual(s);
  });

  it.each([
    ['not a SEQUENCE', [0x31, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01]],
    ['a length past the end', [0x30, 0x08, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01]],
    ['trailing bytes', [0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01, 0x00]],
    [
      'an integer longer than the curve',
      [0x30, 0x26, 0x02, 0x21, 0x01, ...Array(32).fill(1), 0x02, 0x01, 0x01],
    ],
  ])('refuses %s', (_, bytes) => {
    expect(() => derToJose(Uint8Array.from(bytes))).toThrow(/ECDSA signature/);
  });
});

describe('the KMS signer', () => {
  const kms = mockClient(KMSClient);
  const keyId = 'arn:aws:kms:ap-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
  let privateKey: KeyObject;

  beforeEach(() => {
    kms.reset();
    const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    privateKey = pair.privateKey;
    kms.on(GetPublicKeyCommand, { KeyId: keyId }).resolves({
      KeyId: keyId,
      KeySpec: 'ECC_NIST_P256',
      KeyUsage: 'SIGN_VERIFY',
      SigningAlgorithms: ['ECDSA_SHA_256'],
      PublicKey: pair.publicKey.export({ format: 'der', type: 'spki' }),
    });
  });

  it('signs the SHA-256 digest with ECDSA_SHA_256, and its DER answer becomes a JWS jose verifies', async () => {
    // KMS signs the digest it is sent; this stand-in signs the message whose digest that must be.
    let signed: Buffer | undefined;
    kms
      .on(SignCommand)
      .callsFake(
        (input: { Message: Uint8Array; MessageType: string; SigningAlgorithm: string; KeyId: string }) => {
          expect(input).toMatchObject({
            KeyId: keyId,
            MessageType: 'DIGEST',
            SigningAlgorithm: 'ECDSA_SHA_256',
          });
          if (!signed) throw new Error('no message');
          expect(Buffer.from(input.Message)).toEqual(createHash('sha256').update(signed).digest());
          return { KeyId: keyId, Signature: sign('sha256', signed, { key: privateKey, dsaEncoding: 'der' }) };
        },
      );
    const kmsSigner = new KmsDecisionSigner(new KMSClient({ region: 'ap-east-1' }), keyId);
    const signer: DecisionSigner = {
      publicKey: () => kmsSigner.publicKey(),
      sign: (input) => {
        signed = Buffer.from(input);
        return kmsSigner.sign(input);
      },
    };
    const kmsDeps = depsWith(signer);
    const download = await downloadSignedDecision(kmsDeps, approved.studentId, approved.applicationId);
    const { keys } = await decisionSigningKeys(kmsDeps);
    const { payload } = await jwtVerify(download.jws, await importJWK(keys[0] ?? {}, 'ES256'), { issuer });
    expect(payload.decision).toMatchObject({ applicationId: approved.applicationId, credits: 1.8 });
    expect(await verifySignedDecision(kmsDeps, download.jws)).toMatchObject({ valid: true });
    // The public key is read once per container.
    expect(kms.commandCalls(GetPublicKeyCommand)).toHaveLength(1);
  });

  it('answers a KMS outage as a 503 to try again, and reads the key again next time', async () => {
    kms.on(GetPublicKeyCommand).rejectsOnce(new Error('ThrottlingException'));
    const signer = new KmsDecisionSigner(new KMSClient({ region: 'ap-east-1' }), keyId);
    await expect(signer.publicKey()).rejects.toThrow(ServiceUnavailableError);
    kms.on(GetPublicKeyCommand).resolves({
      KeySpec: 'ECC_NIST_P256',
      PublicKey: generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({
        format: 'der',
        type: 'spki',
      }),
    });
    await expect(signer.publicKey()).resolves.toMatchObject({ kty: 'EC', crv: 'P-256' });
    kms.on(SignCommand).rejects(new Error('KMSInternalException'));
    await expect(signer.sign(Buffer.from('x'))).rejects.toThrow(ServiceUnavailableError);
  });

  it('refuses a key that is not an ECC_NIST_P256 key', async () => {
    kms.on(GetPublicKeyCommand).resolves({ KeySpec: 'RSA_2048', PublicKey: new Uint8Array([1]) });
    await expect(
      new KmsDecisionSigner(new KMSClient({ region: 'ap-east-1' }), keyId).publicKey(),
    ).rejects.toThrow(/not an ECC_NIST_P256/);
  });
});

describe('the signer configuration, at cold start', () => {
  it('selects KMS with a key id, or the local key file, with the issuer', () => {
    expect(
      decisionSignerConfig({ DECISION_SIGNER: 'kms', DECISION_SIGNING_KEY_ID: 'k', DECISION_ISSUER: 'i' }),
    ).toEqual({ signer: 'kms', keyId: 'k', issuer: 'i' });
    expect(
      decisionSignerConfig({
        DECISION_SIGNER: 'local',
        DECISION_SIGNING_KEY_FILE: '/f',
        DECISION_ISSUER: 'i',
      }),
    ).toEqual({ signer: 'local', keyFile: '/f', issuer: 'i' });
  });

  it('fails naming what is missing', () => {
    expect(() => decisionSignerConfig({ DECISION_SIGNER: 'kms', DECISION_ISSUER: 'i' })).toThrow(
      /DECISION_SIGNING_KEY_ID/,
    );
    expect(() => decisionSignerConfig({})).toThrow(/DECISION_SIGNER/);
    expect(() => LocalDecisionSigner.fromFile('/nonexistent/key.json')).toThrow(/\/nonexistent\/key.json/);
  });
});

describe('the local key', () => {
  it('is created once and kept: a decision signed before a restart verifies after it', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cts-decision-key-')), 'decision-signing-key.json');
    await ensureDecisionSigningKey(file);
    const before = depsWith(LocalDecisionSigner.fromFile(file));
    const { jws } = await downloadSignedDecision(before, approved.studentId, approved.applicationId);
    // The restart: the file is there, so it is not replaced, and a new container reads the same key.
    await ensureDecisionSigningKey(file);
    const after = depsWith(LocalDecisionSigner.fromFile(file));
    expect(await verifySignedDecision(after, jws)).toMatchObject({ valid: true });
    expect(await verifySignedDecision(depsWith(LocalDecisionSigner.fromFile(keyFile())), jws)).toMatchObject({
      valid: false,
      problem: 'unknown-key',
    });
  });
});
