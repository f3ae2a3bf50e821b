import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConflictError, ValidationError } from '../../functions/commons/errors.js';
import { helpContracts } from '../../functions/help/contracts.js';
import { describeChange, guideContacts, repeatedSchool } from '../../functions/help/domain/guide-contacts.js';
import { HelpContactsEntity, type StoredHelpContacts } from '../../functions/help/entities/help-contacts.js';
import {
  getHelpContacts,
  type HelpContactsStore,
  putHelpContacts,
} from '../../functions/help/use-cases/help-contacts.js';
import type { AuditEvent } from '../../functions/store/audit.js';

// The §6 contacts' rules without AWS: what the audit trail says changed, a school listed twice, the
// version check (also when two edits race past the read), and what the public read leaves out.

/** The table's one item in memory, its put conditional on the version like the DynamoDB store's. */
class MemoryStore implements HelpContactsStore {
  item: StoredHelpContacts | undefined;
  audit: AuditEvent[] = [];
  async get() {
    return structuredClone(this.item ?? HelpContactsEntity.asInTheGuide());
  }
  async put(next: StoredHelpContacts, expectedVersion: number, audit: AuditEvent) {
    if ((this.item?.version ?? 0) !== expectedVersion) return false;
    this.item = structuredClone(next);
    this.audit.push(audit);
    return true;
  }
}

const deps = (store = new MemoryStore()) => ({ store, now: () => new Date('2026-05-15T02:00:00Z') });
const change = (version: number, schools = guideContacts.schools) => ({ ...guideContacts, schools, version });

describe('describeChange', () => {
  it('names each school added, removed or with a new phone, and the other fields changed', () => {
    const after = {
      ...guideContacts,
      schools: [
        ...guideContacts.schools
          .filter((s) => s.school !== 'SSCI')
          .map((s) => (s.school === 'SENG' ? { ...s, phone: '34690000' } : s)),
        { school: 'IPO', phone: '34691111' },
      ],
      enquiryFormUrl: 'https://registry.hkust.edu.hk/contact',
      technicalIssues: { office: 'ITSO', email: 'itsohelp@ust.hk' },
    };
    expect(describeChange(guideContacts, after)).toEqual([
      'SENG phone 34693172 → 34690000',
      'IPO added (34691111)',
      'SSCI removed',
      'enquiry form https://registry.hkust.edu.hk/enquiry → https://registry.hkust.edu.hk/contact',
      'technical issues ITSO (cchelp@ust.hk) → ITSO (itsohelp@ust.hk)',
    ]);
  });

  it('is empty exactly when nothing changed', () => {
    const phones = fc.array(fc.stringMatching(/^\d{8}$/), { minLength: 5, maxLength: 5 });
    fc.assert(
      fc.property(phones, (numbers) => {
        const after = {
          ...guideContacts,
          schools: guideContacts.schools.map((s, i) => ({ ...s, phone: numbers[i] as string })),
        };
        const same = guideContacts.schools.every((s, i) => s.phone === numbers[i]);
        expect(describeChange(guideContacts, after).length === 0).toBe(same);
      }),
    );
  });
});

describe('repeatedSchool', () => {
  it('answers the row of the second listing', () => {
    expect(repeatedSchool(guideContacts.schools)).toBeUndefined();
    expect(repeatedSchool([...guideContacts.schools, { school: 'SBM', phone: '1' }])).toBe(5);
  });
});

describe('the contracts', () => {
  it('take the guide’s values, and a phone written with a space as its 8 digits', () => {
    const parsed = helpContracts.putHelpContacts.request.parse({
      body: change(1, [{ school: 'SENG', phone: '3469 3172' }]),
    });
    expect(parsed.body.schools).toEqual([{ school: 'SENG', phone: '34693172' }]);
    expect(helpContracts.putHelpContacts.request.safeParse({ body: change(0) }).success).toBe(true);
  });
});

describe('getHelpContacts and putHelpContacts', () => {
  it('read the guide’s contacts at version 0 until ARO changes them, without who changed them', async () => {
    const d = deps();
    expect(await getHelpContacts(d)).toEqual({ ...guideContacts, version: 0 });
    await putHelpContacts(d, 'aro-001', change(0, [{ school: 'SENG', phone: '34690000' }]));
    const read = await getHelpContacts(d);
    expect(read).toMatchObject({ version: 1, schools: [{ school: 'SENG', phone: '34690000' }] });
    expect(read).not.toHaveProperty('updatedBy');
    expect(d.store.audit).toMatchObject([
      { actor: 'aro-001', from: 'v0', to: 'v1', subjectPk: 'HELP', subjectId: 'CONTACTS' },
    ]);
  });

  it('refuse a school listed twice, naming the row, and a stale version', async () => {
    const d = deps();
    const twice = change(0, [...guideContacts.schools, { school: 'AIS', phone: '34690000' }]);
    await expect(putHelpContacts(d, 'aro-001', twice)).rejects.toThrow(ValidationError);
    await expect(putHelpContacts(d, 'aro-001', twice)).rejects.toThrow(
      'body.schools.5.school: AIS is listed twice',
    );
    await expect(putHelpContacts(d, 'aro-001', change(3))).rejects.toThrow(ConflictError);
    expect(d.store.audit).toEqual([]);
  });

  it('of any edits sent at once from the versions they read, the stored version counts those that landed', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(3), { minLength: 1, maxLength: 8 }), async (versionsRead) => {
        const d = deps();
        const outcomes = await Promise.allSettled(
          versionsRead.map((v, i) => putHelpContacts(d, `aro-00${i}`, change(v))),
        );
        const landed = outcomes.filter((o) => o.status === 'fulfilled').length;
        // Every refusal is a 409 to read again; at most one edit per version read lands
        expect(outcomes.every((o) => o.status === 'fulfilled' || o.reason instanceof ConflictError)).toBe(
          true,
        );
        expect((await d.store.get()).version).toBe(landed);
        expect(d.store.audit).toHaveLength(landed);
        expect(d.store.audit.map((a) => a.to)).toEqual(d.store.audit.map((_, i) => `v${i + 1}`));
      }),
    );
  });
});
