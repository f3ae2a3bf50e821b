// The mapping database of the search benchmark (bench/mapping-search.ts): `total` course mappings, of
// which `hotCount` are at PolyU Hong Kong Community College (the institution with most on-entry
// transfer), built the way local/seed/generate.ts builds its few hundred. Deterministic: a seeded
// PRNG, a fixed clock. Reuses the seed's HKUST catalog, institutions, course-code styles and incoming
// titles, so the words a search looks up are as frequent as on the seeded pages.
//
// Not the seed itself: the seed holds ~550 mappings and draws one institution per request; here every
// institution gets a fixed quota, incoming codes are kept unique per institution even when a code
// style has few codes left, and no students, audit or groups are written (the search reads none).
import type { MappingStatus } from '../functions/mappings/domain/mapping-status.js';
import {
  formatGroupRef,
  formatMappingRef,
  type IncomingCourse,
  type Mapping,
} from '../functions/mappings/entities/mapping.js';
import { compareTerms } from '../functions/records/domain/transfer-term.js';
import type { HomeCourse } from '../functions/reference-data/entities/catalog.js';
import { asMappedCourse, levelOf } from '../local/seed/catalog.js';
import { disciplineOf } from '../local/seed/course-codes.js';
import { CoursePicker } from '../local/seed/course-picker.js';
import { guideReviewerNote, statusReachedBy } from '../local/seed/generate.js';
import { IncomingCourseFactory } from '../local/seed/incoming.js';
import {
  type InstitutionProfile,
  institutionProfile,
  institutionProfiles,
} from '../local/seed/institutions.js';
import { Prng } from '../local/seed/prng.js';
import {
  currentTerm,
  days,
  fallOf,
  isoAt,
  seedLatest,
  startYearOf,
  summerOf,
  termOf,
} from '../local/seed/time.js';

export const hotInstitutionId = 'polyu-hong-kong-community-college';

/**
 * The seed knows 48 institutions. Spread over the other 47 by their weights, 95,000 mappings would
 * put more at HKU SPACE than at the hot institution, so a long tail of smaller partners (each borrowing
 * a real institution's code style and credit scheme) takes the rest, as the real partner list would.
 */
const tailInstitutions = 200;
const tailWeight = 0.45;

const requestsPerYear: [number, number][] = [
  [2019, 7],
  [2020, 7],
  [2021, 9],
  [2022, 10],
  [2023, 12],
  [2024, 14],
  [2025, 18],
  [2026, 12],
];

interface GroupDraft {
  institution: InstitutionProfile;
  incomingCourses: IncomingCourse[];
  anchor: HomeCourse;
  firstAt: number;
  mappings: MappingDraft[];
}

interface MappingDraft {
  homeCourses: HomeCourse[];
  at: number;
  updatedAt: number;
  status: MappingStatus;
  validFrom?: string;
  validTo?: string;
  requestedBy: string;
}

export interface BenchData {
  mappings: Mapping[];
  hot: InstitutionProfile;
  institutions: number;
  /** Mappings per institution, largest first. */
  largest: { name: string; count: number }[];
}

/** Splits `total` by weight, largest remainder first: the parts add up to `total` exactly. */
function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const parts = exact.map(Math.floor);
  let left = total - parts.reduce((s, p) => s + p, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0]);
  for (const [, i] of order) {
    if (left-- <= 0) break;
    parts[i] = (parts[i] ?? 0) + 1;
  }
  return parts;
}

class Generator {
  private readonly rng: Prng;
  private readonly courses: CoursePicker;
  private readonly codesByInstitution = new Map<string, Set<string>>();

  constructor(seed: number) {
    this.rng = new Prng(seed);
    this.courses = new CoursePicker(this.rng);
  }

  /** `count` mappings at one institution: new incoming-course groups, and re-maps of earlier ones. */
  institution(institution: InstitutionProfile, count: number): GroupDraft[] {
    const groups: GroupDraft[] = [];
    const remappable: GroupDraft[] = [];
    for (let made = 0; made < count; made++) {
      if (remappable.length > 0 && this.rng.chance(0.35)) {
        const i = this.rng.int(0, remappable.length - 1);
        const group = remappable[i] as GroupDraft;
        const target = this.courses.remapTarget(group);
        if (target) {
          const at = Math.min(seedLatest, group.firstAt + days(this.rng.int(20, 900)));
          const mapping = this.decide(institution, [target.course], at);
          // A loosely related course is a long shot: departments turn most of those down.
          if (target.loose && mapping.status === 'Approved' && this.rng.chance(0.4)) {
            mapping.status = 'Denied';
            delete mapping.validFrom;
            delete mapping.validTo;
          }
          group.mappings.push(mapping);
          if (group.mappings.length >= 4) remappable.splice(i, 1);
          continue;
        }
        remappable.splice(i, 1);
      }
      const group = this.newGroup(institution);
      groups.push(group);
      remappable.push(group);
    }
    return groups;
  }

  private newGroup(institution: InstitutionProfile): GroupDraft {
    const anchor = this.courses.course(this.courses.subject(institution), institution);
    const sequel = this.courses.sequelOf(anchor);
    // Titles and credits from the seed's own factory (a fresh one each time, so its code bookkeeping,
    // which loops forever once a code style runs out of codes, never fills); codes from `code` below.
    const titles = new IncomingCourseFactory(this.rng);
    const shape = this.rng.next();
    let incomingCourses: IncomingCourse[];
    let homes: HomeCourse[] = [anchor];
    if (shape >= 0.87 && shape < 0.95 && anchor.credits >= 3) {
      incomingCourses = titles.pair(institution, anchor); // N-to-1
    } else if (shape < 0.8 || !sequel) {
      incomingCourses = [titles.single(institution, anchor)]; // 1-to-1
    } else if (shape < 0.87) {
      incomingCourses = [titles.fullYear(institution, anchor, sequel)]; // 1-to-N
      homes = [anchor, sequel];
    } else {
      incomingCourses = [titles.single(institution, anchor), titles.single(institution, sequel)]; // N-to-N
      homes = [anchor, sequel];
    }
    for (const course of incomingCourses) course.code = this.code(institution, anchor);
    const year = this.rng.weighted(requestsPerYear);
    const first = Date.UTC(year, 0, 1);
    const last = Math.min(Date.UTC(year, 11, 31), seedLatest - days(1));
    const at =
      first + days(this.rng.int(0, Math.floor((last - first) / days(1)))) + this.rng.int(1, 540) * 60_000;
    return {
      institution,
      incomingCourses,
      anchor,
      firstAt: at,
      mappings: [this.decide(institution, homes, at)],
    };
  }

  /** An incoming code in the institution's style, never issued there before. */
  private code(institution: InstitutionProfile, home: HomeCourse): string {
    const used = this.codesByInstitution.get(institution.institutionId) ?? new Set<string>();
    this.codesByInstitution.set(institution.institutionId, used);
    const level = institution.kind === 'hk-subdegree' ? Math.min(levelOf(home.code), 3) : levelOf(home.code);
    const discipline = disciplineOf(home);
    for (let attempt = 0; ; attempt++) {
      let code = institution.code(discipline, level, this.rng);
      // A crowded style (CS 2xx has 100 codes) gets a section letter, as catalogs do: CS 225A.
      if (attempt >= 40) code += String.fromCharCode(65 + (attempt % 26));
      if (!used.has(code)) {
        used.add(code);
        return code;
      }
    }
  }

  /** The status a request made at `at` has reached by now (local/seed/generate.ts `decide`). */
  private decide(institution: InstitutionProfile, homes: HomeCourse[], at: number): MappingDraft {
    let status = statusReachedBy(this.rng, at);
    const requestedBy = `20${this.rng.digits(6)}`;
    const decided = status === 'Approved' || status === 'Denied';
    const updatedAt = Math.min(
      seedLatest,
      at + (decided ? days(this.rng.int(14, 75)) : days(this.rng.int(0, 20))),
    );
    const draft: MappingDraft = { homeCourses: homes, at, updatedAt, status, requestedBy };
    if (status !== 'Approved') return draft;
    // The requester's transfer term: on entry, the Fall they were admitted; abroad, the coming term.
    const date = new Date(at);
    const transferTerm =
      institution.kind === 'hk-subdegree' || institution.kind === 'hk-university'
        ? fallOf(date.getUTCMonth() >= 6 ? date.getUTCFullYear() : date.getUTCFullYear() - 1)
        : termOf(at + days(this.rng.int(60, 170)));
    const start = startYearOf(transferTerm);
    const validFrom = fallOf(start - this.rng.pick([0, 0, 1, 2, 3]));
    const validTo = summerOf(start + this.rng.pick([1, 2, 3, 4, 5, 6]));
    // Most approvals that ran out were marked Expired; a few still read Approved, valid only in the past.
    if (compareTerms(validTo, currentTerm) < 0 && this.rng.chance(0.75)) status = 'Expired';
    return { ...draft, status, validFrom, validTo };
  }
}

/** `total` mappings, exactly `hotCount` of them at the hot institution; the same on every call. */
export function generateBenchMappings(total: number, hotCount: number, seed = 20_261_122): BenchData {
  const hot = institutionProfile(hotInstitutionId);
  const others = institutionProfiles.filter((p) => p.institutionId !== hotInstitutionId);
  const tail: InstitutionProfile[] = Array.from({ length: tailInstitutions }, (_, i) => {
    const like = others[i % others.length] as InstitutionProfile;
    const n = String(i + 1).padStart(3, '0');
    return { ...like, institutionId: `partner-${n}`, name: `Partner Institution ${n}`, weight: tailWeight };
  });
  const rest = [...others, ...tail];
  const quotas = apportion(
    total - hotCount,
    rest.map((p) => p.weight),
  );

  const generator = new Generator(seed);
  const groups = [
    ...generator.institution(hot, hotCount),
    ...rest.flatMap((p, i) => generator.institution(p, quotas[i] ?? 0)),
  ];

  // D.B. Ref. No. groups are issued in time order across institutions, as the sequence would.
  const ordered = groups.map((g, i) => ({ g, i })).sort((a, b) => a.g.firstAt - b.g.firstAt || a.i - b.i);
  const mappings: Mapping[] = [];
  ordered.forEach(({ g }, n) => {
    const groupRef = formatGroupRef(40 + n);
    g.mappings
      .sort((a, b) => a.at - b.at)
      .forEach((m, i) => {
        mappings.push({
          ref: formatMappingRef(groupRef, i + 1),
          groupRef,
          institutionId: g.institution.institutionId,
          institutionName: g.institution.name,
          incomingCourses: g.incomingCourses,
          homeCourses: m.homeCourses.map(asMappedCourse),
          status: m.status,
          ...(m.validFrom ? { validFrom: m.validFrom } : {}),
          ...(m.validTo ? { validTo: m.validTo } : {}),
          ...(m.status === 'Need Further Info' ? { reviewerNote: guideReviewerNote } : {}),
          ...(m.status === 'Denied' ? { denialReason: 'Course content is different.' } : {}),
          requestedBy: m.requestedBy,
          createdAt: isoAt(m.at),
          updatedAt: isoAt(Math.max(m.at, m.updatedAt)),
          version: 1,
        });
      });
  });

  const counts = new Map<string, number>();
  for (const m of mappings) counts.set(m.institutionName, (counts.get(m.institutionName) ?? 0) + 1);
  const largest = [...counts]
    .map(([name, count]) => ({ name, count }))
    .sort((a, b) => b.count - a.count)
    .slice(0, 3);
  return { mappings, hot, institutions: counts.size, largest };
}
