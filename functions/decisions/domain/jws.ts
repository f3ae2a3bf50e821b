import { createHash, createPublicKey, verify } from 'node:crypto';
import type { DecisionSigningKey } from '../contracts.js';

// Compact JWS (RFC 7515) with ES256 only, on node:crypto: the signing input, the parts of a token
// someone hands us, the key's thumbprint (RFC 7638) as its `kid`, and the signature check. One
// algorithm, fixed here and never taken from the token, so `alg: none` or an HMAC keyed with the
// public key cannot pass.

export const decisionAlgorithm = 'ES256';

/** A P-256 public key as JWK members (what a signer publishes). */
export interface EcPublicJwk {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
}

const b64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** `base64url(header).base64url(payload)`: the bytes ES256 signs. */
export const signingInput = (header: object, payload: object): string =>
  `${b64url(header)}.${b64url(payload)}`;

/** RFC 7638: SHA-256 of the required members in lexicographic order, base64url. */
export function thumbprint(jwk: EcPublicJwk): string {
  const canonical = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y });
  return createHash('sha256').update(canonical).digest('base64url');
}

export function publishedKey(jwk: EcPublicJwk): DecisionSigningKey {
  return { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y, kid: thumbprint(jwk), alg: 'ES256', use: 'sig' };
}

export interface CompactParts {
  header: Record<string, unknown>;
  payload: unknown;
  signingInput: string;
  signature: Buffer;
}

function decodeJson(part: string): unknown {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

/** The parts of a compact JWS, or why it is not one (the caller's input is malformed). */
export function compactParts(jws: string): CompactParts | { malformed: string } {
  const [h = '', p = '', s = '', ...rest] = jws.split('.');
  if (rest.length > 0 || !h || !p)
    return { malformed: 'is not a compact JWS: three parts separated by dots' };
  const header = decodeJson(h);
  if (typeof header !== 'object' || header === null || Array.isArray(header)) {
    return { malformed: 'has a header that is not a base64url JSON object' };
  }
  const payload = decodeJson(p);
  if (payload === undefined) return { malformed: 'has a payload that is not base64url JSON' };
  return {
    header: header as Record<string, unknown>,
    payload,
    signingInput: `${h}.${p}`,
    signature: Buffer.from(s, 'base64url'),
  };
}

/** ES256: the raw r||s signature (64 bytes) over the signing input, by the key. */
export function verifiesEs256(jwk: EcPublicJwk, input: string, signature: Uint8Array): boolean {
  if (signature.length !== 64) return false;
  const key = createPublicKey({ key: { ...jwk }, format: 'jwk' });
  return verify('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' }, signature);
}
