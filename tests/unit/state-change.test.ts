import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AwaitedStepEntity } from '../../functions/human-steps/entities/awaited-step.js';
import { mappingChangeItems } from '../../functions/mappings/adapters/mapping-transactions.js';
import {
  type MappingStatus,
  mappingStatuses,
  mappingTransitions,
} from '../../functions/mappings/domain/mapping-status.js';
import type { Mapping } from '../../functions/mappings/entities/mapping.js';
import { mappingReviewStart } from '../../functions/reviews/adapters/review-starter.js';
import { mappingSubject } from '../../functions/reviews/human-steps/steps.js';
import {
  canTransition,
  IllegalTransitionError,
  stateChangeItems,
} from '../../functions/store/state-change.js';

// One commit per state change: the mapping's transition table, and the transaction a change becomes.

// The guide's lifecycle (§4), written out here so that a change to the table is a deliberate one.
const guide: Record<MappingStatus, MappingStatus[]> = {
  'Request Initiated': ['Under Review', 'Need Further Info', 'Denied'],
  'Under Review': ['Approved', 'Denied', 'Need Further Info'],
  'Need Further Info': ['Request Initiated'],
  Approved: ['Expired', 'Request Initiated'],
  Denied: ['Request Initiated'],
  Expired: ['Request Initiated'],
};
const pairs = mappingStatuses.flatMap((from) => mappingStatuses.map((to) => [from, to] as const));

const mapping = (status: MappingStatus, version = 2): Mapping => ({
  ref: 'B000123-01',
  groupRef: 'B000123',
  institutionId: 'TUM',
  institutionName: 'TUM',
  incomingCourses: [{ code: 'MW1', title: 'Thermo', credits: 5, creditUnit: 'ECTS' }],
  homeCourses: [{ code: 'MECH2310', title: 'Thermo', credits: 3, subjectArea: 'MECH' }],
  status,
  requestedBy: 's1',
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-02T00:00:00.000Z',
  version,
});

describe('the mapping transition table', () => {
  it.each(pairs.filter(([from, to]) => from !== to))(
    '%s → %s is allowed only as the guide says',
    (from, to) => {
      expect(canTransition(mappingTransitions, from, to)).toBe(guide[from].includes(to));
    },
  );

  it('creates a mapping only as a request (Request Initiated)', () => {
    for (const status of mappingStatuses) {
      expect(canTransition(mappingTransitions, undefined, status)).toBe(status === 'Request Initiated');
    }
  });

  it('accepts every path through the table and refuses the first step off it', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...mappingStatuses), { maxLength: 12 }), (steps) => {
        let status: MappingStatus = 'Request Initiated';
        for (const next of steps) {
          const legal = next === status || guide[status].includes(next);
          const build = () =>
            mappingChangeItems(
              't',
              mapping(status),
              { ...mapping(next), version: 3 },
              { actor: 'a', action: 'x' },
            );
          if (!legal) {
            expect(build).toThrow(IllegalTransitionError);
            return;
          }
          expect(build()).not.toHaveLength(0);
          status = next;
        }
      }),
    );
  });
});

describe('a mapping change as one transaction', () => {
  it('refuses an illegal transition before writing anything, with a 409 naming both statuses', () => {
    const build = () =>
      mappingChangeItems(
        't',
        mapping('Approved'),
        { ...mapping('Under Review'), version: 3 },
        {
          actor: 'system',
          action: 'Under review',
        },
      );

    expect(build).toThrow(IllegalTransitionError);
    expect(build).toThrow('Mapping B000123-01 is Approved; it cannot become Under Review');
    try {
      build();
    } catch (error) {
      expect(error).toMatchObject({ status: 409, from: 'Approved', to: 'Under Review' });
    }
  });

  it('holds the new state with its version check, the audit event, the outbox item and the settled waits', () => {
    const next = { ...mapping('Request Initiated', 3) };
    const start = mappingReviewStart(next, 'provide-info');

    const items = mappingChangeItems(
      't',
      mapping('Need Further Info'),
      next,
      { actor: 's1', action: 'Provided further information', reason: 'new syllabus' },
      [AwaitedStepEntity.key(mappingSubject(next.ref), 'aro-triage')],
      [start],
    );

    expect(items[0]?.Put).toMatchObject({
      Item: { sk: 'MAPPING#B000123-01', status: 'Request Initiated', version: 3 },
      ConditionExpression: 'version = :expected',
      ExpressionAttributeValues: { ':expected': 2 },
    });
    expect(items[1]?.Put?.Item).toMatchObject({
      type: 'AuditEvent',
      actor: 's1',
      action: 'Provided further information',
      reason: 'new syllabus',
      from: 'Need Further Info',
      to: 'Request Initiated',
      at: next.updatedAt,
    });
    expect(items[2]?.Put).toMatchObject({
      Item: {
        type: 'OutboxItem',
        kind: 'workflow.start',
        idempotencyKey: 'workflow.start:mapping-review:B000123-01-v3',
        gsi2pk: 'OUTBOX#pending',
        createdAt: next.updatedAt,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
    expect(items.filter((i) => i.Delete)).toHaveLength(1);
    expect(items.filter((i) => i.Put?.Item?.type === 'MappingSearchEntry').length).toBeGreaterThan(0);
  });

  it('creates an entity only where none exists', () => {
    const items = stateChangeItems('t', {
      table: mappingTransitions,
      id: 'B000123-01',
      item: { pk: 'p', sk: 's', type: 'Mapping' },
      to: 'Request Initiated',
      audit: { subjectPk: 'p', subjectId: 'B000123-01', at: 'now', actor: 's1', action: 'Request submitted' },
    });

    expect(items[0]?.Put?.ConditionExpression).toBe('attribute_not_exists(pk)');
    expect(() =>
      stateChangeItems('t', {
        table: mappingTransitions,
        id: 'B000123-01',
        item: { pk: 'p', sk: 's', type: 'Mapping' },
        to: 'Approved',
        audit: { subjectPk: 'p', subjectId: 'B000123-01', at: 'now', actor: 's1', action: 'x' },
      }),
    ).toThrow('Mapping B000123-01 cannot be created as Approved');
  });
});
