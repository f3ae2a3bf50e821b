import { describe, expect, it } from 'vitest';
import {
  combineApprovals,
  estimateDecisionDate,
  median,
} from '../../functions/reviews/domain/mapping-review.js';

const approval = (validFrom: string, validTo: string, decidedBy: string) =>
  ({ outcome: 'Approved', validFrom, validTo, decidedBy }) as const;

describe('every department approved (issue 4)', () => {
  it('holds for the terms all of them accepted', () => {
    expect(
      combineApprovals([
        approval('2023-24 Fall', '2027-28 Summer', 'mech@ust.hk'),
        approval('2024-25 Spring', '2026-27 Fall', 'phys@ust.hk'),
      ]),
    ).toEqual({
      outcome: 'Approved',
      validFrom: '2024-25 Spring',
      validTo: '2026-27 Fall',
      decidedBy: 'mech@ust.hk, phys@ust.hk',
    });
  });

  it('keeps the first department range when no term is common, never an impossible one', () => {
    const combined = combineApprovals([
      approval('2020-21 Fall', '2021-22 Summer', 'a'),
      approval('2024-25 Fall', '2025-26 Summer', 'b'),
    ]);
    expect(combined).toMatchObject({ validFrom: '2020-21 Fall', validTo: '2021-22 Summer' });
  });

  it('needs at least one approval', () => {
    expect(() => combineApprovals([])).toThrow();
  });
});

describe('estimated decision date', () => {
  it('is the middle of the turnarounds', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 10])).toBe(3.5);
    expect(median([])).toBeUndefined();
  });

  it('adds the slowest involved department median to the submission, in whole days', () => {
    const medians = new Map([
      ['MECH', 10],
      ['PHYS', 20.2],
    ]);
    expect(estimateDecisionDate('2026-05-01T08:00:00.000Z', medians)).toBe('2026-05-22');
  });

  it('promises nothing while a department involved has never decided', () => {
    expect(
      estimateDecisionDate(
        '2026-05-01T08:00:00.000Z',
        new Map([
          ['MECH', 10],
          ['PHYS', undefined],
        ]),
      ),
    ).toBeUndefined();
    expect(estimateDecisionDate('2026-05-01T08:00:00.000Z', new Map())).toBeUndefined();
  });
});
