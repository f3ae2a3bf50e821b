import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { localClient } from '../../local/dynamodb.js';
import { startLocalRuntime } from '../../local/runtime.js';

// `npm start` keeps its data in a folder; a second start finds what the first one wrote and does not
// seed over it. Runs a runtime of its own (on other free ports) beside the suite's in-memory one.
describe('local runtime restart', () => {
  it('keeps the data created in the previous run', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'cts-restart-'));
    const key = { pk: 'RESTART#probe', sk: 'PROBE' };
    try {
      // Given a first run that seeds and then records something
      const first = await startLocalRuntime({ dataDir, ports: 'ephemeral', seed: true });
      expect(first.seeded?.skipped).toBe(false);
      const db = DynamoDBDocumentClient.from(localClient(first.urls.dynamodb));
      await db.send(
        new PutCommand({ TableName: first.env.TABLE_NAME, Item: { ...key, type: 'Probe', note: 'kept' } }),
      );
      db.destroy();
      await first.stop();

      // When the runtime starts again on the same folder
      const second = await startLocalRuntime({ dataDir, ports: 'ephemeral', seed: true });
      try {
        // Then the data is there and the seed did not run again
        expect(second.seeded?.skipped).toBe(true);
        const again = DynamoDBDocumentClient.from(localClient(second.urls.dynamodb));
        const { Item } = await again.send(new GetCommand({ TableName: second.env.TABLE_NAME, Key: key }));
        again.destroy();
        expect(Item?.note).toBe('kept');
      } finally {
        await second.stop();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
