import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ApplicationStatus,
  applicationStatuses,
  applicationTransitions,
  finalStatuses,
  mayWithdraw,
} from '../../functions/applications/domain/application-status.js';
import {
  assertTransition,
  canTransition,
  IllegalTransitionError,
} from '../../functions/store/state-change.js';

// The credit transfer application's transition table (guide §5): what may follow what.

const table = applicationTransitions;
const reachable = (from: ApplicationStatus): Set<ApplicationStatus> => {
  const seen = new Set<ApplicationStatus>([from]);
  const queue = [from];
  for (let s = queue.shift(); s; s = queue.shift()) {
    for (const next of table.allowed[s]) {
      if (seen.has(next)) continue;
      seen.add(next);
      queue.push(next);
    }
  }
  return seen;
};

describe('the application transition table', () => {
  it('starts every application as a Draft', () => {
    expect(table.initial).toEqual(['Draft']);
    for (const s of applicationStatuses.filter((s) => s !== 'Draft')) {
      expect(() => assertTransition(table, 'A-1', undefined, s)).toThrow(IllegalTransitionError);
    }
  });

  it('reaches Approved only through Submitted, that is after endorsement or with none needed', () => {
    const intoApproved = applicationStatuses.filter(
      (s) => s !== 'Approved' && canTransition(table, s, 'Approved'),
    );
    expect(intoApproved).toEqual(['Submitted']);
    expect(canTransition(table, 'Pending Program Office Endorsement', 'Approved')).toBe(false);
  });

  it('leaves Approved and Rejected for nothing, and every status can reach a final one', () => {
    for (const s of finalStatuses) expect(table.allowed[s]).toEqual([]);
    for (const s of applicationStatuses) {
      const ends = [...reachable(s)].filter((r) => finalStatuses.includes(r) || r === 'Withdrawn');
      expect(ends.length, s).toBeGreaterThan(0);
    }
  });

  it('lets the student withdraw only before a decision', () => {
    expect(applicationStatuses.filter(mayWithdraw)).toEqual([
      'Draft',
      'Pending Program Office Endorsement',
      'Submitted',
      'Need Further Info',
    ]);
  });

  it('refuses every edge it does not list, naming both ends (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...applicationStatuses),
        fc.constantFrom(...applicationStatuses),
        (from, to) => {
          const listed = from === to || table.allowed[from].includes(to);
          if (listed) expect(() => assertTransition(table, 'A-1', from, to)).not.toThrow();
          else
            expect(() => assertTransition(table, 'A-1', from, to)).toThrow(
              `Application A-1 is ${from}; it cannot become ${to}`,
            );
        },
      ),
    );
  });
});
