import { fromEnv } from '@aws-sdk/credential-provider-env';

// Lambda gives a function its role's credentials in the environment (AWS_ACCESS_KEY_ID,
// AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), so the SDK's whole default chain (SSO, INI files,
// process, IMDS, web identity) is dead weight at init. The bundler puts this module in place of
// `@aws-sdk/credential-provider-node` (scripts/build.ts); the local runtime, which imports the
// handlers unbundled, keeps the SDK's own chain.
export const defaultProvider = (init?: Parameters<typeof fromEnv>[0]) => fromEnv(init);
