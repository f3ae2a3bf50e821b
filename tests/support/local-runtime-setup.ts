import type { TestProject } from 'vitest/node';
import { startLocalRuntime } from '../../local/runtime.js';
import { buildWeb } from '../../scripts/build.js';

// One local runtime for the whole run, in memory, on free ports (so a running `npm start` is left
// alone). The handlers run in this process; test files reach them over HTTP and the SDK endpoints.

declare module 'vitest' {
  export interface ProvidedContext {
    webUrl: string;
    apiUrl: string;
    mailboxUrl: string;
    eventLogUrl: string;
    /** The AWS_* and CTS env the runtime's handlers use, for tests that inspect state with the SDK. */
    runtimeEnv: Record<string, string>;
  }
}

export default async function setup(project: TestProject) {
  await buildWeb();
  const runtime = await startLocalRuntime({ ports: 'ephemeral', seed: true, timeoutScale: 1 });
  project.provide('webUrl', runtime.urls.web);
  project.provide('apiUrl', runtime.urls.api);
  project.provide('mailboxUrl', runtime.urls.mailbox);
  project.provide('eventLogUrl', runtime.urls.events);
  project.provide('runtimeEnv', runtime.env);
  return () => runtime.stop();
}
