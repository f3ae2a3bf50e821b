import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';

// SDK clients for tests that set up or inspect state directly, pointed at the runtime's emulators.
export function runtimeEnv(): Record<string, string> {
  return inject('runtimeEnv');
}

const credentials = () => ({
  accessKeyId: runtimeEnv().AWS_ACCESS_KEY_ID ?? '',
  secretAccessKey: runtimeEnv().AWS_SECRET_ACCESS_KEY ?? '',
});

export function documentClient(): DynamoDBDocumentClient {
  const env = runtimeEnv();
  return DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: env.AWS_ENDPOINT_URL_DYNAMODB,
      region: env.AWS_REGION,
      credentials: credentials(),
    }),
    { marshallOptions: { removeUndefinedValues: true } },
  );
}

export function sfnClient(): SFNClient {
  const env = runtimeEnv();
  return new SFNClient({
    endpoint: env.AWS_ENDPOINT_URL_SFN,
    region: env.AWS_REGION,
    credentials: credentials(),
  });
}

export interface SentMail {
  from: string;
  destination: { to: string[] };
  subject: string;
  body: { text?: string; html?: string };
  at: number;
}

/** The mail the SES emulator holds (the same store its mailbox page shows). */
export async function mailbox(): Promise<SentMail[]> {
  const response = await fetch(new URL('/store', inject('mailboxUrl')));
  return ((await response.json()) as { emails: SentMail[] }).emails;
}

/** The integration events the local bus received (its event log page, as JSON). */
export async function publishedEvents(): Promise<
  { id: string; source: string; detailType: string; detail: Record<string, unknown> & { eventId: string } }[]
> {
  const response = await fetch(new URL('/events', inject('eventLogUrl')));
  return ((await response.json()) as { events: never[] }).events;
}

export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
