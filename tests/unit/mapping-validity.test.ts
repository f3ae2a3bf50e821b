import { describe, expect, it } from 'vitest';
import {
  isExpiredFor,
  isReadyForCreditTransfer,
  mappingAction,
  matchesValidityFilters,
  statusForTerm,
} from '../../functions/mappings/domain/mapping-validity.js';

const approved = { status: 'Approved', validFrom: '2019-20 Fall', validTo: '2022-23 Summer' } as const;

describe('validity against the transfer term', () => {
  it('is Ready for Credit Transfer only within the approval, ends included', () => {
    expect(isReadyForCreditTransfer(approved, '2019-20 Fall')).toBe(true);
    expect(isReadyForCreditTransfer(approved, '2022-23 Summer')).toBe(true);
    expect(isReadyForCreditTransfer(approved, '2023-24 Fall')).toBe(false);
    expect(isReadyForCreditTransfer(approved, '2018-19 Summer')).toBe(false);
  });

  it('reads an approval that ended before the term as Expired, with Extend', () => {
    expect(isExpiredFor(approved, '2023-24 Fall')).toBe(true);
    expect(statusForTerm(approved, '2023-24 Fall')).toBe('Expired');
    expect(mappingAction(approved, '2023-24 Fall', undefined)).toBe('Extend');
    expect(isExpiredFor({ status: 'Expired' }, '2019-20 Fall')).toBe(true);
  });

  it('treats an approval starting after the term as valid but not ready', () => {
    expect(isExpiredFor(approved, '2018-19 Fall')).toBe(false);
    expect(mappingAction(approved, '2018-19 Fall', undefined)).toBeUndefined();
  });

  it("offers the guide's action for each status", () => {
    const term = '2020-21 Fall';
    expect(mappingAction(approved, term, undefined)).toBe('Apply for CT');
    expect(mappingAction({ status: 'Under Review' }, term, undefined)).toBe('Notify Me');
    expect(mappingAction({ status: 'Under Review' }, term, 'notify-me')).toBe('Will Notify You');
    expect(mappingAction({ status: 'Request Initiated' }, term, 'requester')).toBeUndefined();
    // The reviewers asked the students who filed it; anyone else may follow it (mapping-access.ts)
    expect(mappingAction({ status: 'Need Further Info' }, term, 'requester')).toBe('Provide Info');
    expect(mappingAction({ status: 'Need Further Info' }, term, undefined)).toBe('Notify Me');
    expect(mappingAction({ status: 'Need Further Info' }, term, 'notify-me')).toBe('Will Notify You');
    expect(mappingAction({ status: 'Denied' }, term, undefined)).toBe('Appeal');
  });

  it('shows Valid and Expired by default and narrows with the filters', () => {
    const term = '2023-24 Fall';
    const denied = { status: 'Denied' } as const;
    expect(matchesValidityFilters(approved, term, [])).toBe(true);
    expect(matchesValidityFilters(denied, term, ['expired'])).toBe(false);
    expect(matchesValidityFilters(denied, term, ['valid'])).toBe(true);
    expect(matchesValidityFilters(approved, term, ['ready'])).toBe(false);
    expect(matchesValidityFilters(approved, '2020-21 Fall', ['ready'])).toBe(true);
  });
});
