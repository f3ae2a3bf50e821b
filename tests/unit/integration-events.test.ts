import { readFile } from 'node:fs/promises';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { EventBridgePublisher } from '../../functions/integration/adapters/event-publisher.js';
import { integrationEvents } from '../../functions/integration/contracts.js';
import { integrationEvent } from '../../functions/integration/entities/integration-event.js';
import { buildEventSchemas } from '../../scripts/openapi.js';

// Integration events for the student information system: each built with an id that names the
// fact (the same on every delivery), valid for its published schema; the publisher fails a delivery
// when EventBridge refuses an entry, so the outbox retries it; the JSON Schemas in docs/events are
// current.

const bus = mockClient(EventBridgeClient);

const approved = () =>
  integrationEvent('Credit Transfer Approved', 'app-1:v9', '2026-12-02T04:00:00.000Z', {
    applicationId: 'app-1',
    studentId: '20190001',
    recordId: 'SR-1',
    ref: 'B000001-01',
    institutionId: 'bu',
    transferTerm: '2025-26 Fall',
    credits: 2.25,
    courses: [{ code: 'MECH2020', credits: 2.25, grade: 'T' }],
    conversion: { ruleVersion: 'CTS-UCTS-1', scaleId: 'us', scaleVersion: '1', lowestGrade: 'A' },
  });

beforeEach(() => bus.reset());

describe('integration events', () => {
  it('name the fact they report, so a change publishes once and every delivery carries the same id', () => {
    const first = approved();
    expect(first.idempotencyKey).toBe('event.publish:credit-transfer-approved:app-1:v9');
    expect(approved()).toEqual(first);
    expect(integrationEvents['Credit Transfer Approved'].parse(first.payload.detail)).toMatchObject({
      eventId: 'credit-transfer-approved:app-1:v9',
      schemaVersion: 1,
    });
  });

  it('are put on the bus with the CTS source, the detail type and the detail as JSON', async () => {
    bus.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e-1' }] });
    await new EventBridgePublisher(new EventBridgeClient({}), 'cts-dev-integration').deliver(
      approved().payload,
    );
    const [entry] = bus.commandCalls(PutEventsCommand)[0]?.args[0].input.Entries ?? [];
    expect(entry).toMatchObject({
      EventBusName: 'cts-dev-integration',
      Source: 'hkust.cts',
      DetailType: 'Credit Transfer Approved',
    });
    expect(JSON.parse(entry?.Detail ?? '{}')).toMatchObject({ applicationId: 'app-1', credits: 2.25 });
  });

  it('fail the delivery when EventBridge refuses the entry, so the outbox retries it', async () => {
    bus.on(PutEventsCommand).resolves({
      FailedEntryCount: 1,
      Entries: [{ ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' }],
    });
    await expect(
      new EventBridgePublisher(new EventBridgeClient({}), 'bus').deliver(approved().payload),
    ).rejects.toThrow(/credit-transfer-approved:app-1:v9 not published: ThrottlingException/);
  });

  it('have their JSON Schemas in docs/events, current with the contracts', async () => {
    for (const [file, text] of buildEventSchemas()) {
      expect(JSON.parse(await readFile(file, 'utf8')), file).toEqual(JSON.parse(text));
    }
  });
});
