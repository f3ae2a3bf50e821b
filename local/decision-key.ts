import { generateKeyPairSync } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';

// The local stand-in for the KMS decision key: a P-256 private JWK in a file, created once, so a
// decision signed before a restart of `npm start` still verifies after (as local/auth.ts keeps the
// sign-in key). The signed-decisions function reads it at cold start (decisions/adapters/local-signer.ts).
export async function ensureDecisionSigningKey(file: string): Promise<void> {
  const existing = await readFile(file, 'utf8').catch(() => undefined);
  if (existing) return;
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  await writeFile(file, JSON.stringify(privateKey.export({ format: 'jwk' })), { mode: 0o600 });
}
