import * as z from 'zod/mini';

// The decision signer's environment, named once for CDK (lib/constructs/function-access.ts), the
// local runtime (local/runtime.ts) and the function, which validates it at cold start.
export const decisionSigningEnv = {
  /** `kms` in AWS, `local` in the local runtime. */
  signer: 'DECISION_SIGNER',
  /** kms: the key's ARN or id. */
  keyId: 'DECISION_SIGNING_KEY_ID',
  /** local: the file holding the P-256 private JWK. */
  keyFile: 'DECISION_SIGNING_KEY_FILE',
  /** The `iss` of the decisions this deployment signs. */
  issuer: 'DECISION_ISSUER',
} as const;

export type DecisionSignerConfig =
  | { signer: 'kms'; keyId: string; issuer: string }
  | { signer: 'local'; keyFile: string; issuer: string };

const schema = z.discriminatedUnion(decisionSigningEnv.signer, [
  z.object({
    [decisionSigningEnv.signer]: z.literal('kms'),
    [decisionSigningEnv.keyId]: z.string().check(z.minLength(1)),
    [decisionSigningEnv.issuer]: z.string().check(z.minLength(1)),
  }),
  z.object({
    [decisionSigningEnv.signer]: z.literal('local'),
    [decisionSigningEnv.keyFile]: z.string().check(z.minLength(1)),
    [decisionSigningEnv.issuer]: z.string().check(z.minLength(1)),
  }),
]);

/** The signer's configuration, or a cold-start failure naming each variable that is missing or wrong. */
export function decisionSignerConfig(env: NodeJS.ProcessEnv = process.env): DecisionSignerConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration at cold start: ${problems}`);
  }
  const e = parsed.data as Record<string, string>;
  const issuer = e[decisionSigningEnv.issuer] as string;
  return e[decisionSigningEnv.signer] === 'kms'
    ? { signer: 'kms', keyId: e[decisionSigningEnv.keyId] as string, issuer }
    : { signer: 'local', keyFile: e[decisionSigningEnv.keyFile] as string, issuer };
}
