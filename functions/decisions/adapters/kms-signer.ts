import { createHash, createPublicKey } from 'node:crypto';
import { GetPublicKeyCommand, type KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { ServiceUnavailableError } from '../../commons/errors.js';
import { logger } from '../../commons/logger.js';
import { derToJose } from '../domain/ecdsa-signature.js';
import type { EcPublicJwk } from '../domain/jws.js';
import type { DecisionSigner } from '../use-cases/signed-decisions.js';

// The decision key in AWS: a KMS asymmetric key (ECC_NIST_P256, SIGN_VERIFY) whose private half
// never leaves KMS. KMS signs a SHA-256 digest we compute (a message of any length, where a RAW
// message is limited to 4 KB) and answers DER, which JOSE's ES256 wants as raw r||s.

export class KmsDecisionSigner implements DecisionSigner {
  private publicJwk: Promise<EcPublicJwk> | undefined;

  constructor(
    private readonly kms: Pick<KMSClient, 'send'>,
    private readonly keyId: string,
  ) {}

  /** Read once per container: the key's public half never changes. */
  publicKey(): Promise<EcPublicJwk> {
    this.publicJwk ??= this.readPublicKey().catch((error: unknown) => {
      this.publicJwk = undefined;
      throw error;
    });
    return this.publicJwk;
  }

  private async readPublicKey(): Promise<EcPublicJwk> {
    const answer = await this.call('GetPublicKey', () =>
      this.kms.send(new GetPublicKeyCommand({ KeyId: this.keyId })),
    );
    if (answer.KeySpec !== 'ECC_NIST_P256' || !answer.PublicKey) {
      throw new Error(`KMS key ${this.keyId} is ${answer.KeySpec}, not an ECC_NIST_P256 signing key`);
    }
    const jwk = createPublicKey({ key: Buffer.from(answer.PublicKey), format: 'der', type: 'spki' }).export({
      format: 'jwk',
    });
    return { kty: 'EC', crv: 'P-256', x: String(jwk.x), y: String(jwk.y) };
  }

  async sign(input: Uint8Array): Promise<Uint8Array> {
    const answer = await this.call('Sign', () =>
      this.kms.send(
        new SignCommand({
          KeyId: this.keyId,
          Message: createHash('sha256').update(input).digest(),
          MessageType: 'DIGEST',
          SigningAlgorithm: 'ECDSA_SHA_256',
        }),
      ),
    );
    if (!answer.Signature) throw new Error('KMS answered Sign without a signature');
    return derToJose(answer.Signature, 32);
  }

  private async call<T>(what: string, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      logger.error(`KMS ${what} failed`, { keyId: this.keyId, error });
      throw new ServiceUnavailableError('The signing service could not be reached; try again shortly');
    }
  }
}
