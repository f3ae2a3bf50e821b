import { createPrivateKey, createPublicKey, type KeyObject, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { EcPublicJwk } from '../domain/jws.js';
import type { DecisionSigner } from '../use-cases/signed-decisions.js';

// The decision key of the local runtime: a P-256 private JWK in a file of the runtime's data dir
// (local/decision-key.ts writes it once), so decisions signed before a restart still verify after.

export class LocalDecisionSigner implements DecisionSigner {
  private constructor(
    private readonly privateKey: KeyObject,
    private readonly publicJwk: EcPublicJwk,
  ) {}

  /** Read at cold start: a missing or wrong key file fails the container, naming the file. */
  static fromFile(file: string): LocalDecisionSigner {
    let privateKey: KeyObject;
    try {
      privateKey = createPrivateKey({ key: JSON.parse(readFileSync(file, 'utf8')), format: 'jwk' });
    } catch (error) {
      throw new Error(
        `Invalid configuration at cold start: no decision signing key in ${file} (${String(error)})`,
      );
    }
    if (
      privateKey.asymmetricKeyType !== 'ec' ||
      privateKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1'
    ) {
      throw new Error(`Invalid configuration at cold start: ${file} is not a P-256 key`);
    }
    const jwk = createPublicKey(privateKey).export({ format: 'jwk' });
    return new LocalDecisionSigner(privateKey, {
      kty: 'EC',
      crv: 'P-256',
      x: String(jwk.x),
      y: String(jwk.y),
    });
  }

  async publicKey(): Promise<EcPublicJwk> {
    return this.publicJwk;
  }

  async sign(input: Uint8Array): Promise<Uint8Array> {
    return sign('sha256', input, { key: this.privateKey, dsaEncoding: 'ieee-p1363' });
  }
}
