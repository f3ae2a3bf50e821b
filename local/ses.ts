import type { Server } from 'node:http';
import sesLocal from 'aws-ses-v2-local';

// aws-ses-v2-local: accepts SESv2 SendEmail and shows every sent mail on its page (the mailbox).

export interface LocalSes {
  endpoint: string;
  mailboxUrl: string;
  stop(): Promise<void>;
}

// The package is CommonJS with an `exports.default`; ESM sees that under `default`.
const startSesServer = ((sesLocal as unknown as { default?: typeof sesLocal }).default ??
  sesLocal) as typeof sesLocal;

export async function startLocalSes(options: { port: number }): Promise<LocalSes> {
  const server: Server = await startSesServer({ host: '127.0.0.1', port: options.port });
  const endpoint = `http://127.0.0.1:${options.port}`;
  return {
    endpoint,
    mailboxUrl: `http://localhost:${options.port}/`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
