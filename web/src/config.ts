// The SPA's runtime configuration, served as /config.json by whatever hosts it: the local runtime
// locally, the deployment (pointing at the Cognito hosted UI and API Gateway) in AWS.

export interface AuthConfig {
  authorizeUrl: string;
  tokenUrl: string;
  logoutUrl: string;
  clientId: string;
  redirectUri: string;
}

export interface AppConfig {
  /** Base URL of the HTTP API, without a trailing slash. */
  apiUrl: string;
  auth: AuthConfig;
}

const isNonEmptyString = (value: unknown): value is string => typeof value === 'string' && value !== '';

export async function loadConfig(): Promise<AppConfig> {
  const response = await fetch('/config.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`Could not load /config.json (HTTP ${response.status})`);
  const raw = (await response.json()) as {
    apiUrl?: unknown;
    auth?: Partial<Record<keyof AuthConfig, unknown>>;
  };
  const auth = raw.auth ?? {};
  const authKeys = ['authorizeUrl', 'tokenUrl', 'logoutUrl', 'clientId', 'redirectUri'] as const;
  const missing = [
    ...(isNonEmptyString(raw.apiUrl) ? [] : ['apiUrl']),
    ...authKeys.filter((key) => !isNonEmptyString(auth[key])).map((key) => `auth.${key}`),
  ];
  if (missing.length > 0) throw new Error(`/config.json lacks ${missing.join(', ')}`);
  return {
    apiUrl: (raw.apiUrl as string).replace(/\/+$/, ''),
    auth: Object.fromEntries(authKeys.map((key) => [key, auth[key] as string])) as unknown as AuthConfig,
  };
}
