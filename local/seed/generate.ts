import type { MappingStatus } from '../../functions/mappings/domain/mapping-status.js';
import {
  formatGroupRef,
  formatMappingRef,
  type IncomingCourse,
  type Mapping,
  type MappingGroup,
  mappingGroupPk,
} from '../../functions/mappings/entities/mapping.js';
import {
  type StudyRecordCategory,
  studyRecordCategories,
} from '../../functions/records/domain/study-record.js';
import { compareTerms, formatTerm } from '../../functions/records/domain/transfer-term.js';
import type { MyMappingRequest, Student, StudyRecord } from '../../functions/records/entities/student.js';
import type { HomeCourse, Institution } from '../../functions/reference-data/entities/catalog.js';
import type { AuditEvent } from '../../functions/store/audit.js';
import { asMappedCourse } from './catalog.js';
import { CoursePicker } from './course-picker.js';
import { IncomingCourseFactory } from './incoming.js';
import {
  asInstitution,
  type InstitutionProfile,
  institutionProfile,
  institutionProfiles,
} from './institutions.js';
import { Prng } from './prng.js';
import {
  type DemoRecord,
  demoGroups,
  demoStudentProfiles,
  guideGroups,
  type ScenarioGroup,
  type ScenarioMapping,
} from './scenario.js';
import {
  currentTerm,
  days,
  duringOfficeHours,
  fallOf,
  isoAt,
  seedLatest,
  seedNow,
  startYearOf,
  summerOf,
  termStart,
  utc,
} from './time.js';

// Builds the whole seed as domain objects: the hand-written scenario first, then several hundred
// generated requests in date order, each by a background student who really studied there then (an
// On Entry student asks in their first months, an exchange student before they go). Statuses follow
// age: recent requests are still in review, old ones decided, and old approvals have run out.

export interface SeedData {
  courses: HomeCourse[];
  institutions: Institution[];
  students: Student[];
  records: StudyRecord[];
  groups: MappingGroup[];
  mappings: Mapping[];
  requests: MyMappingRequest[];
  audit: AuditEvent[];
  /** The highest D.B. Ref. No. group number issued: new requests continue after it. */
  lastGroupNumber: number;
  demoStudentIds: string[];
}

const generatedRequests = 520;

/** The guide's wording for a syllabus that is not enough (§4.4). */
export const guideReviewerNote =
  'Please provide a more updated course syllabus which should include the course objectives, learning outcomes, teaching schedule, assessment methods, etc. for review.';

const reviewerNotes: [string, number][] = [
  [guideReviewerNote, 6],
  ['Please provide the teaching schedule showing the weekly topics and contact hours.', 2],
  ['Please provide an English version of the course syllabus.', 2],
  ['Please provide the assessment methods and their weightings, and the reading list.', 1],
];

const denialReasons: [string, number][] = [
  ['Course content is different.', 8],
  ['The incoming course does not cover the essential topics of the HKUST course.', 3],
  ['The level of the incoming course is not equivalent to the HKUST course.', 2],
  ['The contact hours of the incoming course are insufficient.', 1],
];

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

const cantoneseSurnames = [
  'Chan',
  'Wong',
  'Lee',
  'Cheung',
  'Lau',
  'Ng',
  'Ho',
  'Leung',
  'Lam',
  'Tang',
  'Yip',
  'Chow',
];
const moreSurnames = [
  'Tsang',
  'Kwok',
  'Yeung',
  'Chu',
  'Lo',
  'Mak',
  'Tam',
  'Fung',
  'Law',
  'Choi',
  'Ma',
  'Siu',
  'Poon',
  'Hui',
];
const cantoneseGiven = [
  'Ka Ming',
  'Hoi Yan',
  'Wing Sze',
  'Tsz Ching',
  'Chun Hei',
  'Ho Yin',
  'Pui Shan',
  'Man Ki',
  'Ka Lok',
  'Wai Lun',
  'Hiu Tung',
  'Yuk Ting',
  'Sze Wing',
  'Chi Hang',
  'Kin Wai',
  'Lok Yi',
  'Cheuk Hin',
  'Hei Tung',
  'Tsz Kit',
  'Ying Yi',
  'Long Hin',
  'Nga Man',
];
const mandarinSurnames = ['Zhang', 'Wang', 'Li', 'Liu', 'Chen', 'Yang', 'Zhao', 'Huang', 'Zhou', 'Wu'];
const mandarinGiven = [
  'Wei',
  'Xinyi',
  'Haoran',
  'Yuxuan',
  'Zihan',
  'Jiayi',
  'Mingze',
  'Ruoxi',
  'Yichen',
  'Siyu',
];

const programBySubject: Record<string, string> = {
  ACCT: 'BBA ACCT',
  FINA: 'BBA FINA',
  MARK: 'BBA MARK',
  MGMT: 'BBA MGMT',
  ISOM: 'BBA IS',
  ECON: 'BBA ECON',
  COMP: 'BEng COMP',
  ELEC: 'BEng ELEC',
  MECH: 'BEng MECH',
  CIVL: 'BEng CIVL',
  MATH: 'BSc MATH',
  PHYS: 'BSc PHYS',
  CHEM: 'BSc CHEM',
  LIFS: 'BSc LIFS',
  ENVR: 'BSc ENVS',
};
const otherPrograms = ['BBA4', 'BSc SCPE', 'BEng ENGG', 'BA GBUS', 'BSc DSCT'];

interface RecordDraft {
  record: StudyRecord;
  createdAtMs: number;
  background: boolean;
}

interface GroupDraft {
  /** The guide's group number; the rest are numbered by date at the end. */
  number?: number;
  institution: InstitutionProfile;
  incomingCourses: IncomingCourse[];
  anchor: HomeCourse;
  mappings: MappingDraft[];
  /** Only generated groups get generated re-maps, so hand-written suffixes stay as written. */
  generated: boolean;
  groupRef?: string;
}

interface MappingDraft
  extends Pick<
    Mapping,
    'homeCourses' | 'status' | 'validFrom' | 'validTo' | 'reviewerNote' | 'denialReason'
  > {
  group: GroupDraft;
  requester: RecordDraft;
  createdAt: number;
  updatedAt: number;
  ref?: string;
}

interface LinkDraft {
  record: RecordDraft;
  mapping: MappingDraft;
  relation: MyMappingRequest['relation'];
  addedAt: number;
}

interface GivenDecision {
  validFrom?: string;
  validTo?: string;
  reviewerNote?: string;
  denialReason?: string;
  updated?: number;
  /** An approval without given validity should cover the current term (hand-written demo data). */
  validNow?: boolean;
}

const clampToLatest = (ms: number): number => Math.min(ms, seedLatest);

/** The status a request made at `at` has reached by the seed's now: the older, the more likely decided. */
export function statusReachedBy(rng: Prng, at: number): MappingStatus {
  const age = (seedLatest - at) / days(1);
  const weights: [MappingStatus, number][] =
    age < 45
      ? [
          ['Request Initiated', 40],
          ['Under Review', 35],
          ['Need Further Info', 12],
          ['Approved', 8],
          ['Denied', 5],
        ]
      : age < 180
        ? [
            ['Request Initiated', 8],
            ['Under Review', 35],
            ['Need Further Info', 15],
            ['Approved', 32],
            ['Denied', 10],
          ]
        : age < 400
          ? [
              ['Under Review', 4],
              ['Need Further Info', 4],
              ['Approved', 74],
              ['Denied', 18],
            ]
          : [
              ['Need Further Info', 2],
              ['Approved', 80],
              ['Denied', 18],
            ];
  return rng.weighted(weights);
}

class SeedBuilder {
  private readonly rng: Prng;
  private readonly incoming: IncomingCourseFactory;
  private readonly courses: CoursePicker;
  private readonly students: Student[] = [];
  private readonly studentIds = new Set<string>();
  private readonly emails = new Set<string>();
  private readonly cohortOf = new Map<string, number>();
  private readonly records: RecordDraft[] = [];
  private readonly demoRecords = new Map<string, RecordDraft>();
  private readonly backgroundRecords = new Map<string, RecordDraft[]>();
  private readonly groups: GroupDraft[] = [];
  private readonly links: LinkDraft[] = [];
  private readonly labels = new Map<string, MappingDraft>();

  constructor(seed: number) {
    this.rng = new Prng(seed);
    this.incoming = new IncomingCourseFactory(this.rng);
    this.courses = new CoursePicker(this.rng);
  }

  build(): SeedData {
    for (const { person, profile } of demoStudentProfiles) {
      this.addStudent({ studentId: person.studentId, name: person.name, email: person.email, ...profile });
    }
    for (const { person, records } of demoStudentProfiles) {
      for (const spec of records) this.addDemoRecord(person.studentId, spec);
    }
    for (const group of [...guideGroups, ...demoGroups]) this.addScenarioGroup(group);
    for (const { records } of demoStudentProfiles) {
      for (const spec of records) for (const label of spec.notifyMe ?? []) this.followByDemo(spec, label);
    }
    this.generateRequests();
    this.generateNotifyMe();
    const lastGroupNumber = this.numberGroups();
    return this.toSeedData(lastGroupNumber);
  }

  // --- people and study records ---

  private addStudent(student: Student): void {
    if (this.studentIds.has(student.studentId)) throw new Error(`Student ${student.studentId} twice`);
    this.studentIds.add(student.studentId);
    this.emails.add(student.email);
    this.cohortOf.set(student.studentId, startYearOf(student.cohortTerm));
    this.students.push(student);
  }

  private addRecord(
    studentId: string,
    institution: InstitutionProfile,
    category: StudyRecordCategory,
    transferTerm: string,
    studyPeriod: string,
    createdAtMs: number,
    background: boolean,
  ): RecordDraft {
    const createdBy = studyRecordCategories[category].createdBy;
    const draft: RecordDraft = {
      record: {
        studentId,
        recordId: `SR-${String(this.records.length + 1).padStart(6, '0')}`,
        institutionId: institution.institutionId,
        institutionName: institution.name,
        category,
        transferTerm,
        studyPeriod,
        // A student adds non-disclosed records themselves; URAO and OGL create the others.
        createdBy: createdBy === 'Student' ? studentId : createdBy,
        createdAt: isoAt(createdAtMs),
      },
      createdAtMs,
      background,
    };
    this.records.push(draft);
    if (background) {
      const list = this.backgroundRecords.get(institution.institutionId) ?? [];
      list.push(draft);
      this.backgroundRecords.set(institution.institutionId, list);
    }
    return draft;
  }

  private addDemoRecord(studentId: string, spec: DemoRecord): void {
    const created = duringOfficeHours(utc(spec.created), this.rng.int(0, 539));
    const institution = institutionProfile(spec.institutionId);
    this.demoRecords.set(
      spec.key,
      this.addRecord(
        studentId,
        institution,
        spec.category,
        spec.transferTerm,
        spec.studyPeriod,
        created,
        false,
      ),
    );
  }

  private newBackgroundStudent(cohort: number, subjectArea: string): string {
    const mainland = this.rng.chance(0.15);
    const family = mainland
      ? this.rng.pick(mandarinSurnames)
      : this.rng.pick(this.rng.chance(0.6) ? cantoneseSurnames : moreSurnames);
    const given = this.rng.pick(mainland ? mandarinGiven : cantoneseGiven);
    let studentId: string;
    do studentId = `20${this.rng.digits(6)}`;
    while (this.studentIds.has(studentId));
    const initials = given
      .split(' ')
      .map((part) => part.charAt(0))
      .join('')
      .toLowerCase();
    let email: string;
    do email = `${initials}${family.toLowerCase()}${this.letters(2)}@connect.ust.hk`;
    while (this.emails.has(email));

    const year = startYearOf(currentTerm) - cohort + 1;
    const graduated = year > 4 && !(year === 5 && this.rng.chance(0.3));
    this.addStudent({
      studentId,
      name: `${family} ${given}`,
      email,
      program: programBySubject[subjectArea] ?? this.rng.pick(otherPrograms),
      cohortTerm: fallOf(cohort),
      academicYear: `Year ${graduated ? 4 : Math.max(1, year)}`,
      programStatus: graduated ? 'Graduated' : 'Active in Program',
      degreeCheckout: graduated
        ? 'Completed'
        : year >= 4
          ? this.rng.pick(['Not Started', 'In Progress', 'Submitted', 'Withdrawn'])
          : 'Not Started',
    });
    return studentId;
  }

  private letters(count: number): string {
    let out = '';
    for (let i = 0; i < count; i++) out += String.fromCharCode(97 + this.rng.int(0, 25));
    return out;
  }

  /**
   * A background student's study record at `institution` from which a request made at `at` is
   * plausible, reusing one already seeded now and then so students have several requests.
   */
  private requesterFor(
    institution: InstitutionProfile,
    at: number,
    subjectArea: string,
    cohort?: number,
  ): RecordDraft {
    const date = new Date(at);
    const year = date.getUTCFullYear();
    const month = date.getUTCMonth() + 1;
    let category: StudyRecordCategory;
    let transferTerm: string;
    let studyPeriod: string;
    let cohortYear: number;
    let createdAt: number;

    if (institution.kind === 'hk-subdegree' || institution.kind === 'hk-university') {
      // On Entry: asked for in the months around admission.
      cohortYear = cohort ?? (month >= 7 ? year : year - 1);
      transferTerm = fallOf(cohortYear);
      const disclosedShare = institution.kind === 'hk-subdegree' ? 0.85 : 0.5;
      category = this.rng.chance(disclosedShare) ? 'on-entry-disclosed' : 'on-entry-non-disclosed';
      const yearsThere = institution.kind === 'hk-subdegree' ? 2 : this.rng.pick([1, 2]);
      studyPeriod = `${cohortYear - yearsThere}-${cohortYear}`;
      createdAt =
        category === 'on-entry-disclosed'
          ? duringOfficeHours(Date.UTC(cohortYear, 7, this.rng.int(5, 20)), this.rng.int(0, 539))
          : at - days(this.rng.int(1, 20));
    } else {
      const selfArranged = this.rng.chance(institution.kind === 'mainland' ? 0.45 : 0.2);
      category = selfArranged ? 'self-arranged-study-abroad' : 'hkust-organized-study-abroad';
      if (selfArranged && this.rng.chance(0.7)) {
        // Summer study: the coming (or current) summer.
        transferTerm = summerOf(month <= 8 ? year - 1 : year);
      } else {
        // A semester away: requests go in during the term before.
        transferTerm =
          month === 1
            ? formatTerm({ startYear: year - 1, season: 'Spring' })
            : formatTerm({ startYear: year, season: month <= 8 ? 'Fall' : 'Spring' });
      }
      studyPeriod = transferTerm;
      const yearsIn = transferTerm.endsWith('Summer')
        ? this.rng.pick([0, 1, 1, 2])
        : this.rng.pick([1, 2, 2, 2, 3]);
      cohortYear = startYearOf(transferTerm) - yearsIn;
      const lead = selfArranged ? this.rng.int(60, 100) : this.rng.int(130, 170);
      createdAt = duringOfficeHours(termStart(transferTerm) - days(lead), this.rng.int(0, 539));
    }
    createdAt = Math.min(createdAt, at - days(1));

    const sameStudy = (this.backgroundRecords.get(institution.institutionId) ?? []).filter(
      (r) => r.record.transferTerm === transferTerm && r.record.category === category && r.createdAtMs < at,
    );
    if (sameStudy.length > 0 && this.rng.chance(0.55)) return this.rng.pick(sameStudy);

    // Some exchange students came in with an On Entry record too: reuse a student of that cohort.
    let studentId: string | undefined;
    if (category === 'hkust-organized-study-abroad' && this.rng.chance(0.2)) {
      // ...but not one who is already somewhere else that term, or has been here before.
      const busy = new Set(
        this.records
          .filter(
            (r) =>
              r.record.institutionId === institution.institutionId || r.record.transferTerm === transferTerm,
          )
          .map((r) => r.record.studentId),
      );
      const sameCohort = this.records.filter(
        (r) =>
          r.background &&
          this.cohortOf.get(r.record.studentId) === cohortYear &&
          !busy.has(r.record.studentId),
      );
      if (sameCohort.length > 0) studentId = this.rng.pick(sameCohort).record.studentId;
    }
    studentId ??= this.newBackgroundStudent(cohortYear, subjectArea);
    return this.addRecord(studentId, institution, category, transferTerm, studyPeriod, createdAt, true);
  }

  // --- mappings ---

  private addMapping(
    group: GroupDraft,
    homeCourses: HomeCourse[],
    requester: RecordDraft,
    createdAt: number,
    status: MappingStatus,
    given: GivenDecision = {},
  ): MappingDraft {
    if (requester.record.institutionId !== group.institution.institutionId) {
      throw new Error(`Requester record ${requester.record.recordId} is not at ${group.institution.name}`);
    }
    const draft: MappingDraft = {
      group,
      homeCourses: homeCourses.map(asMappedCourse),
      status,
      requester,
      createdAt,
      updatedAt: createdAt,
    };
    const hours = () => this.rng.int(0, 539);
    let decidedAt = clampToLatest(duringOfficeHours(createdAt + days(this.rng.int(14, 75)), hours()));
    switch (status) {
      case 'Request Initiated':
        break;
      case 'Under Review':
        draft.updatedAt = createdAt + days(this.rng.int(0, 2)) + this.rng.int(1, 300) * 60_000;
        break;
      case 'Need Further Info':
        draft.reviewerNote = given.reviewerNote ?? this.rng.weighted(reviewerNotes);
        draft.updatedAt = duringOfficeHours(createdAt + days(this.rng.int(7, 35)), hours());
        break;
      case 'Denied':
        draft.denialReason = given.denialReason ?? this.rng.weighted(denialReasons);
        draft.updatedAt = decidedAt;
        break;
      case 'Approved':
      case 'Expired': {
        const validity = this.validity(requester.record.transferTerm, given.validNow === true);
        draft.validFrom = given.validFrom ?? validity.validFrom;
        draft.validTo = given.validTo ?? validity.validTo;
        if (status === 'Expired') {
          // Expiry is noticed when the last valid term has passed.
          const lapsed = termStart(draft.validTo) + days(this.rng.int(95, 120));
          decidedAt = Math.max(decidedAt, duringOfficeHours(lapsed, hours()));
        }
        draft.updatedAt = decidedAt;
        break;
      }
    }
    if (given.updated !== undefined) draft.updatedAt = given.updated;
    draft.updatedAt = Math.max(createdAt, clampToLatest(draft.updatedAt));
    group.mappings.push(draft);
    this.links.push({ record: requester, mapping: draft, relation: 'requester', addedAt: createdAt });
    return draft;
  }

  /** Approvals hold from a Fall a little before the student's transfer term to a Summer some years on. */
  private validity(transferTerm: string, validNow: boolean): { validFrom: string; validTo: string } {
    const start = startYearOf(transferTerm);
    const from = start - this.rng.pick([0, 0, 1, 2, 3]);
    const until =
      (validNow ? Math.max(start, startYearOf(currentTerm)) : start) + this.rng.pick([1, 2, 3, 4, 5, 6]);
    return { validFrom: fallOf(from), validTo: summerOf(until) };
  }

  private addScenarioGroup(spec: ScenarioGroup): void {
    const institution = institutionProfile(spec.institutionId);
    for (const c of spec.incoming) this.incoming.reserve(institution.institutionId, c.code);
    const first = spec.mappings[0]?.home[0];
    if (!first) throw new Error(`Scenario group at ${institution.name} has no mapping`);
    const group: GroupDraft = {
      ...(spec.number === undefined ? {} : { number: spec.number }),
      institution,
      incomingCourses: spec.incoming,
      anchor: this.courses.home(first),
      mappings: [],
      generated: false,
    };
    this.groups.push(group);
    for (const m of spec.mappings) this.addScenarioMapping(group, m);
  }

  private addScenarioMapping(group: GroupDraft, m: ScenarioMapping): void {
    if (m.status === 'Expired' && !(m.validFrom && m.validTo)) {
      throw new Error(`An Expired scenario mapping at ${group.institution.name} needs its past validity`);
    }
    const homes = m.home.map((code) => this.courses.home(code));
    const createdAt = duringOfficeHours(utc(m.created), this.rng.int(0, 539));
    const subject = homes[0]?.subjectArea ?? 'HUMA';
    const requester = m.by
      ? this.demoRecord(m.by)
      : this.requesterFor(group.institution, createdAt, subject, m.cohort);
    const draft = this.addMapping(group, homes, requester, createdAt, m.status, {
      ...(m.validFrom ? { validFrom: m.validFrom } : {}),
      ...(m.validTo ? { validTo: m.validTo } : {}),
      ...(m.reviewerNote
        ? { reviewerNote: m.reviewerNote }
        : m.status === 'Need Further Info'
          ? { reviewerNote: guideReviewerNote }
          : {}),
      ...(m.denialReason
        ? { denialReason: m.denialReason }
        : m.status === 'Denied'
          ? { denialReason: 'Course content is different.' }
          : {}),
      ...(m.updated
        ? { updated: Math.max(createdAt, duringOfficeHours(utc(m.updated), this.rng.int(0, 539))) }
        : {}),
      validNow: true,
    });
    if (m.label) {
      if (this.labels.has(m.label)) throw new Error(`Scenario label ${m.label} used twice`);
      this.labels.set(m.label, draft);
    }
  }

  private demoRecord(key: string): RecordDraft {
    const record = this.demoRecords.get(key);
    if (!record) throw new Error(`No demo record ${key}`);
    return record;
  }

  private followByDemo(spec: DemoRecord, label: string): void {
    const mapping = this.labels.get(label);
    if (!mapping) throw new Error(`No scenario mapping labelled ${label}`);
    const record = this.demoRecord(spec.key);
    if (mapping.group.institution.institutionId !== record.record.institutionId) {
      throw new Error(`${spec.key} cannot follow ${label}: a different institution`);
    }
    const addedAt = clampToLatest(
      Math.max(mapping.createdAt, record.createdAtMs) + days(this.rng.int(1, 10)),
    );
    this.links.push({ record, mapping, relation: 'notify-me', addedAt });
  }

  // --- generated requests ---

  private generateRequests(): void {
    const events: { at: number; institution: InstitutionProfile }[] = [];
    const byWeight = institutionProfiles.map((p) => [p, p.weight] as const);
    for (let i = 0; i < generatedRequests; i++) {
      const year = this.rng.weighted(requestsPerYear);
      const first = Date.UTC(year, 0, 1);
      const last = Math.min(Date.UTC(year, 11, 31), seedLatest - days(1));
      const at = duringOfficeHours(
        first + days(this.rng.int(0, Math.floor((last - first) / days(1)))),
        this.rng.int(0, 539),
      );
      events.push({ at, institution: this.rng.weighted(byWeight) });
    }
    events.sort((a, b) => a.at - b.at);

    for (const { at, institution } of events) {
      const remappable = this.groups.filter(
        (g) => g.generated && g.institution === institution && g.mappings.length < 4,
      );
      if (remappable.length > 0 && this.rng.chance(0.35)) {
        const group = this.rng.pick(remappable);
        const target = this.courses.remapTarget(group);
        if (target) {
          const requester = this.requesterFor(institution, at, target.course.subjectArea);
          let [status, given] = this.decide(at, requester);
          // A loosely related course is a long shot: departments turn most of those down.
          if (target.loose && status === 'Approved' && this.rng.chance(0.4)) [status, given] = ['Denied', {}];
          this.addMapping(group, [target.course], requester, at, status, given);
          continue;
        }
      }
      this.newGeneratedGroup(institution, at);
    }
  }

  private newGeneratedGroup(institution: InstitutionProfile, at: number): void {
    const subject = this.courses.subject(institution);
    const anchor = this.courses.course(subject, institution);
    const sequel = this.courses.sequelOf(anchor);
    const shape = this.rng.next();
    let incomingCourses: IncomingCourse[];
    let homes: HomeCourse[] = [anchor];
    if (shape >= 0.87 && shape < 0.95 && anchor.credits >= 3) {
      incomingCourses = this.incoming.pair(institution, anchor); // N-to-1
    } else if (shape < 0.8 || !sequel) {
      incomingCourses = [this.incoming.single(institution, anchor)]; // 1-to-1
    } else if (shape < 0.87) {
      incomingCourses = [this.incoming.fullYear(institution, anchor, sequel)]; // 1-to-N
      homes = [anchor, sequel];
    } else {
      incomingCourses = [
        this.incoming.single(institution, anchor),
        this.incoming.single(institution, sequel),
      ]; // N-to-N
      homes = [anchor, sequel];
    }
    const group: GroupDraft = { institution, incomingCourses, anchor, mappings: [], generated: true };
    this.groups.push(group);
    const requester = this.requesterFor(institution, at, subject);
    this.addMapping(group, homes, requester, at, ...this.decide(at, requester));
  }

  /** The status a request made at `at` has reached by now. */
  private decide(at: number, requester: RecordDraft): [MappingStatus, GivenDecision] {
    const status = statusReachedBy(this.rng, at);
    if (status !== 'Approved') return [status, {}];
    const validity = this.validity(requester.record.transferTerm, false);
    // Most approvals that ran out were marked Expired; a few still read Approved, valid only in the past.
    const lapsed = compareTerms(validity.validTo, currentTerm) < 0;
    return [lapsed && this.rng.chance(0.75) ? 'Expired' : 'Approved', validity];
  }

  /** Other students at the same institution follow some requests still in review (guide §4.3). */
  private generateNotifyMe(): void {
    const followers = new Map<MappingDraft, Set<string>>();
    for (const link of this.links) {
      const set = followers.get(link.mapping) ?? new Set<string>();
      set.add(link.record.record.studentId);
      followers.set(link.mapping, set);
    }
    for (const group of this.groups) {
      if (!group.generated) continue;
      for (const mapping of group.mappings) {
        if (mapping.status !== 'Under Review' || !this.rng.chance(0.35)) continue;
        const already = followers.get(mapping) ?? new Set<string>();
        const others = (this.backgroundRecords.get(group.institution.institutionId) ?? []).filter(
          (r) => !already.has(r.record.studentId),
        );
        if (others.length === 0) continue;
        const record = this.rng.pick(others);
        const addedAt = Math.max(mapping.createdAt, record.createdAtMs) + days(this.rng.int(1, 30));
        if (addedAt > seedLatest) continue;
        already.add(record.record.studentId);
        followers.set(mapping, already);
        this.links.push({ record, mapping, relation: 'notify-me', addedAt });
      }
    }
  }

  // --- D.B. Ref. Nos. and output ---

  /**
   * Group numbers grow with time, as a sequence would have issued them: from B000040 at the start of
   * 2019 to about B035790 now (the guide's newest, B035839, is created in May 2026).
   */
  private numberGroups(): number {
    const first = utc('2019-01-01');
    const numberAt = (ms: number) => Math.round(40 + ((ms - first) / (seedNow - first)) * 35_750);
    const fixed = new Set(this.groups.flatMap((g) => (g.number === undefined ? [] : [g.number])));
    const firstCreated = (g: GroupDraft) => g.mappings[0]?.createdAt ?? 0;
    let previous = 0;
    for (const group of [...this.groups]
      .filter((g) => g.number === undefined)
      .sort((a, b) => firstCreated(a) - firstCreated(b))) {
      let n = Math.max(numberAt(firstCreated(group)), previous + 1);
      while (fixed.has(n)) n++;
      group.number = n;
      previous = n;
    }
    let last = 0;
    for (const group of this.groups) {
      const number = group.number ?? 0;
      last = Math.max(last, number);
      group.groupRef = formatGroupRef(number);
      group.mappings.forEach((m, i) => {
        m.ref = formatMappingRef(group.groupRef ?? '', i + 1);
      });
    }
    return last;
  }

  private toSeedData(lastGroupNumber: number): SeedData {
    const refOf = (m: MappingDraft): string => {
      if (!m.ref) throw new Error('Mapping not numbered');
      return m.ref;
    };
    const groups = [...this.groups].sort((a, b) => (a.number ?? 0) - (b.number ?? 0));
    const mappings: Mapping[] = groups.flatMap((g) =>
      g.mappings.map((m) => ({
        ref: refOf(m),
        groupRef: g.groupRef ?? '',
        institutionId: g.institution.institutionId,
        institutionName: g.institution.name,
        incomingCourses: g.incomingCourses,
        homeCourses: m.homeCourses,
        status: m.status,
        ...(m.validFrom ? { validFrom: m.validFrom } : {}),
        ...(m.validTo ? { validTo: m.validTo } : {}),
        ...(m.reviewerNote ? { reviewerNote: m.reviewerNote } : {}),
        ...(m.denialReason ? { denialReason: m.denialReason } : {}),
        requestedBy: m.requester.record.studentId,
        createdAt: isoAt(m.createdAt),
        updatedAt: isoAt(m.updatedAt),
        version: 1,
      })),
    );
    const audit: AuditEvent[] = mappings.map((m) => ({
      subjectPk: mappingGroupPk(m.groupRef),
      subjectId: m.ref,
      at: m.createdAt,
      actor: m.requestedBy,
      action: 'Request submitted',
      to: 'Request Initiated',
      eventId: `seed-${m.ref}`,
    }));
    return {
      courses: this.courses.catalog,
      institutions: institutionProfiles.map(asInstitution),
      students: this.students,
      records: this.records.map((r) => r.record),
      groups: groups.map((g) => ({
        groupRef: g.groupRef ?? '',
        institutionId: g.institution.institutionId,
        incomingCourses: g.incomingCourses,
        lastSuffix: g.mappings.length,
      })),
      mappings,
      requests: this.links.map((l) => ({
        studentId: l.record.record.studentId,
        recordId: l.record.record.recordId,
        institutionId: l.record.record.institutionId,
        ref: refOf(l.mapping),
        relation: l.relation,
        addedAt: isoAt(l.addedAt),
        subjectAreas: [...new Set(l.mapping.homeCourses.map((h) => h.subjectArea))],
      })),
      audit,
      lastGroupNumber,
      demoStudentIds: demoStudentProfiles.map((p) => p.person.studentId),
    };
  }
}

/** The whole seed, the same on every call. */
export function buildSeed(): SeedData {
  return new SeedBuilder(20_260_515).build();
}
