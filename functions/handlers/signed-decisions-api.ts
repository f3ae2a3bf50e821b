import * as z from 'zod/mini';
import { DynamoApplicationStore } from '../applications/adapters/application-store.js';
import type { Actor } from '../commons/auth.js';
import { dynamoClient, loadedOnFirstCall } from '../commons/clients.js';
import { loadConfig } from '../commons/config.js';
import { ForbiddenError } from '../commons/errors.js';
import { httpApi, Reply, route } from '../commons/http.js';
import { LocalDecisionSigner } from '../decisions/adapters/local-signer.js';
import { signedDecisionContracts } from '../decisions/contracts.js';
import { decisionSignerConfig } from '../decisions/signing-env.js';
import {
  type DecisionSigner,
  decisionSigningKeys,
  downloadSignedDecision,
  type SignedDecisionDeps,
  verifySignedDecision,
} from '../decisions/use-cases/signed-decisions.js';

const config = loadConfig({ TABLE_NAME: z.string().check(z.minLength(1)) });
const signing = decisionSignerConfig();

// KMS is loaded on the first signature or key read, not in every cold start.
const signer: DecisionSigner =
  signing.signer === 'local'
    ? LocalDecisionSigner.fromFile(signing.keyFile)
    : loadedOnFirstCall(['publicKey', 'sign'], async () => {
        const [{ KmsDecisionSigner }, sdk] = await Promise.all([
          import('../decisions/adapters/kms-signer.js'),
          import('@aws-sdk/client-kms'),
        ]);
        return new KmsDecisionSigner(new sdk.KMSClient({}), signing.keyId);
      });

const deps: SignedDecisionDeps = {
  applications: new DynamoApplicationStore(dynamoClient(), config.TABLE_NAME),
  signer,
  issuer: signing.issuer,
  now: () => new Date(),
};

function studentIdOf(actor: Actor): string {
  if (actor.kind !== 'student') throw new ForbiddenError('This page is for students');
  return actor.studentId;
}

// The key set changes only when the key does: verifiers and caches may keep it for an hour.
const keysCache = { 'cache-control': 'public, max-age=3600' };

export const handler = httpApi('signed-decisions-api', signedDecisionContracts, {
  downloadSignedDecision: route('downloadSignedDecision', ({ input, actor }) =>
    downloadSignedDecision(deps, studentIdOf(actor), input.path.applicationId),
  ),
  getDecisionSigningKeys: route(
    'getDecisionSigningKeys',
    async () => new Reply(200, await decisionSigningKeys(deps), keysCache),
  ),
  verifySignedDecision: route('verifySignedDecision', ({ input }) =>
    verifySignedDecision(deps, input.body.jws),
  ),
});
