import { describe, expect, it } from 'vitest';
import type { MappingStatus } from '../../functions/mappings/domain/mapping-status.js';
import type { Mapping } from '../../functions/mappings/entities/mapping.js';
import {
  MappingSearchEntity,
  type MappingSearchEntry,
  mappingSearchItems,
} from '../../functions/mappings/entities/mapping-search.js';
import { departmentReviewBlocks, precedentsShown } from '../../functions/reviews/human-steps/pages.js';
import { type PrecedentStore, precedentsOf } from '../../functions/reviews/human-steps/precedents.js';

// Given decided mappings of the same incoming course and to the same HKUST course, when a reviewer
// opens the confirmation page of a request, then it lists them (Approved first), and nothing else:
// not the request itself, not undecided ones, not other institutions' courses of the same code.

/** The search entries as the table holds them (mappingSearchItems), read by the same key prefixes. */
function storeOf(mappings: Mapping[]): PrecedentStore & { queries: number } {
  const items = mappings.flatMap(mappingSearchItems);
  const store = {
    queries: 0,
    async findByWordPrefix(institutionId: string, prefix: string) {
      store.queries++;
      const pk = MappingSearchEntity.institutionPk(institutionId);
      const hits = items.filter(
        (i) => i.pk === pk && String(i.sk).startsWith(MappingSearchEntity.wordPrefix(prefix)),
      );
      return [...new Map(hits.map((i) => [i.ref as string, MappingSearchEntity.fromItem(i)])).values()];
    },
    async mappingsToHomeCourse(code: string) {
      store.queries++;
      return items
        .filter((i) => i.pk === MappingSearchEntity.homeCoursePk(code))
        .map(MappingSearchEntity.fromItem);
    },
  };
  return store;
}

let n = 0;
function mapping(
  institutionId: string,
  incoming: string,
  home: string,
  status: MappingStatus,
  extra: Partial<Mapping> = {},
): Mapping {
  n++;
  return {
    ref: `B${String(100000 + n)}-01`,
    groupRef: `B${String(100000 + n)}`,
    institutionId,
    institutionName: institutionId === 'ucb' ? 'UC Berkeley' : `University ${institutionId}`,
    incomingCourses: [
      { code: incoming, title: 'Engineering Thermodynamics', credits: 3, creditUnit: 'CREDIT' },
    ],
    homeCourses: [{ code: home, title: 'Thermodynamics', credits: 3, subjectArea: home.slice(0, 4) }],
    status,
    requestedBy: '20840000',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    version: 1,
    ...extra,
  };
}

const refs = (entries: MappingSearchEntry[]) => entries.map((e) => e.ref);

describe('precedents for a reviewer', () => {
  const underReview = mapping('ucb', 'ME 40', 'MECH2310', 'Under Review');
  const elsewhereAtHkust = mapping('ucb', 'ME 40', 'MECH2010', 'Approved', {
    validFrom: '2024-25 Fall',
    validTo: '2028-29 Spring',
  });
  const deniedAtHkust = mapping('ucb', 'me 40', 'CENG2210', 'Denied');
  const pendingAtHkust = mapping('ucb', 'ME 40', 'PHYS1112', 'Under Review');
  const otherCourseSameWord = mapping('ucb', 'ME 400', 'MECH4000', 'Approved');
  const sameCodeOtherInstitution = mapping('mit', 'ME 40', 'MECH2010', 'Approved');
  const toSameHome = mapping('mit', '2.005', 'MECH2310', 'Denied');
  const toSameHomeApproved = mapping('eth', 'Thermo I', 'MECH2310', 'Approved');
  const sameInstitutionToSameHome = mapping('ucb', 'ME 41', 'MECH2310', 'Approved');
  const store = storeOf([
    underReview,
    elsewhereAtHkust,
    deniedAtHkust,
    pendingAtHkust,
    otherCourseSameWord,
    sameCodeOtherInstitution,
    toSameHome,
    toSameHomeApproved,
    sameInstitutionToSameHome,
  ]);

  it('lists the same incoming course at other HKUST courses, and the same HKUST course from other institutions, Approved first', async () => {
    const found = await precedentsOf(store, underReview);
    expect(refs(found.sameIncomingCourse)).toEqual([elsewhereAtHkust.ref, deniedAtHkust.ref]);
    expect(refs(found.sameHomeCourse)).toEqual([toSameHomeApproved.ref, toSameHome.ref]);
  });

  it('reads one Query per incoming course and per HKUST course, whatever the number of mappings', async () => {
    store.queries = 0;
    await precedentsOf(store, underReview);
    expect(store.queries).toBe(2);
  });

  it('shows them on the confirmation page with ref, courses, status and validity, and counts the rest past the first ten', async () => {
    const found = await precedentsOf(store, underReview);
    const blocks = departmentReviewBlocks(
      {
        ref: underReview.ref,
        institutionName: underReview.institutionName,
        incomingCourses: underReview.incomingCourses,
        homeCourses: underReview.homeCourses,
        status: underReview.status,
        requestedOn: '2026-01-01',
        documents: [],
        precedents: found,
      },
      'MECH',
    );
    expect(blocks).toContainEqual({ kind: 'heading', text: 'Precedents' });
    expect(blocks).toContainEqual({
      kind: 'list',
      items: [
        [
          { code: elsewhereAtHkust.ref },
          ' ME 40 → MECH2010: ',
          { strong: 'Approved' },
          ' (valid 2024-25 Fall to 2028-29 Spring)',
        ],
        [{ code: deniedAtHkust.ref }, ' me 40 → CENG2210: ', { strong: 'Denied' }, ''],
      ],
    });

    const many = Array.from({ length: precedentsShown + 3 }, (_, i) =>
      mapping(`x${i}`, `C${i}`, 'MECH2310', 'Approved'),
    );
    const crowded = departmentReviewBlocks(
      {
        ...underReview,
        requestedOn: '2026-01-01',
        documents: [],
        precedents: { sameIncomingCourse: [], sameHomeCourse: many },
      },
      'MECH',
    );
    const list = crowded.filter((b) => b.kind === 'list').at(-1);
    expect(list?.kind === 'list' && list.items).toHaveLength(precedentsShown);
    expect(crowded).toContainEqual({ kind: 'p', spans: ['and 3 more.'] });
    expect(crowded).toContainEqual({
      kind: 'p',
      spans: ['No other decided mapping of this incoming course.'],
    });
  });
});
