import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ApplicationFacts,
  changedFacts,
  courseLevelOf,
  type EndorsementConditions,
  type EndorsementRule,
  type EndorsementRuleDraft,
  type EndorsementRuleTable,
  evaluateEndorsement,
  homeCourseFacts,
  isValidRuleTable,
  needsEndorsementAgain,
  type ProgramOffice,
  publishRuleTable,
  reendorsementReason,
  rowMatches,
  type TermCondition,
  tableInForce,
  validateRuleTable,
} from '../../functions/applications/domain/endorsement-rules.js';
import {
  type StudyRecordCategory,
  studyRecordCategoryIds,
} from '../../functions/records/domain/study-record.js';
import { compareTerms, termsBetween } from '../../functions/records/domain/transfer-term.js';

// Given the guide's example (§5.3): a BEng MECH student transferring CCN3129 Thermofluids as MECH2310
// Thermodynamics from an On Entry record, which the SENG program office must endorse.

const seng: ProgramOffice = { officeId: 'seng-ug', name: 'SENG UG Office', emails: ['sengug@ust.hk'] };
const mech: ProgramOffice = { officeId: 'mech-ug', name: 'MECH UG Office', emails: ['mechug@ust.hk'] };
const sbm: ProgramOffice = {
  officeId: 'sbm-ug',
  name: 'SBM UG Office',
  emails: ['sbmug@ust.hk', 'bba@ust.hk'],
};

const facts: ApplicationFacts = {
  program: 'BEng MECH',
  cohortTerm: '2023-24 Fall',
  academicYear: 'Year 3',
  category: 'on-entry-disclosed',
  transferTerm: '2023-24 Fall',
  courses: [homeCourseFacts('MECH2310', 'MECH')],
};

const rule = (
  ruleId: string,
  conditions: EndorsementConditions,
  endorsers: ProgramOffice[] = [seng],
  note?: string,
): EndorsementRule => ({ ruleId, conditions, endorsers, ...(note ? { note } : {}) });

const table = (...rows: EndorsementRule[]): EndorsementRuleTable => ({
  version: 3,
  rows,
  publishedBy: 'aro-staff-1',
  publishedAt: '2026-05-01T00:00:00Z',
});

const route = (f: ApplicationFacts, ...rows: EndorsementRule[]) => evaluateEndorsement(table(...rows), f);
const kind = (conditions: EndorsementConditions, f: ApplicationFacts = facts) =>
  rowMatches(rule('R', conditions), f).kind;

describe('each condition kind', () => {
  it.each<[string, EndorsementConditions, 'match' | 'no-match']>([
    ['no condition at all', {}, 'match'],
    ['program listed', { programs: ['BBA4', 'BEng MECH'] }, 'match'],
    ['program not listed', { programs: ['BBA4'] }, 'no-match'],
    ['program, case and spacing aside', { programs: ['beng   mech'] }, 'match'],
    ['cohort term listed', { cohortTerms: ['2023-24 Fall'] }, 'match'],
    ['cohort term not listed', { cohortTerms: ['2024-25 Fall'] }, 'no-match'],
    ['cohort range containing it', { cohortTerms: { from: '2022-23 Fall', to: '2023-24 Fall' } }, 'match'],
    ['cohort range after it', { cohortTerms: { from: '2023-24 Winter' } }, 'no-match'],
    ['cohort range open at the start', { cohortTerms: { to: '2023-24 Fall' } }, 'match'],
    ['academic year listed', { academicYears: ['Year 3', 'Year 4'] }, 'match'],
    ['academic year, case aside', { academicYears: ['year 3'] }, 'match'],
    ['academic year not listed', { academicYears: ['Year 1'] }, 'no-match'],
    ['category listed', { studyRecordCategories: ['on-entry-disclosed'] }, 'match'],
    ['category not listed', { studyRecordCategories: ['self-arranged-study-abroad'] }, 'no-match'],
    ['course code listed', { courseCodes: ['MECH2310'] }, 'match'],
    ['course code written with a space', { courseCodes: ['MECH 2310'] }, 'match'],
    ['course code not listed', { courseCodes: ['MECH2020'] }, 'no-match'],
    ['subject area listed', { subjectAreas: ['MECH', 'AESF'] }, 'match'],
    ['subject area not listed', { subjectAreas: ['COMP'] }, 'no-match'],
    ['course level listed', { courseLevels: [2000] }, 'match'],
    ['course level not listed', { courseLevels: [3000, 4000] }, 'no-match'],
    ['transfer term listed', { transferTerms: ['2023-24 Fall', '2023-24 Spring'] }, 'match'],
    ['transfer term not listed', { transferTerms: ['2023-24 Spring'] }, 'no-match'],
    [
      'transfer range, both ends included',
      { transferTerms: { from: '2023-24 Fall', to: '2023-24 Fall' } },
      'match',
    ],
    ['transfer range before it', { transferTerms: { to: '2023-24 Summer' } }, 'match'],
    ['transfer range ending the term before', { transferTerms: { to: '2022-23 Summer' } }, 'no-match'],
  ])('%s', (_, conditions, expected) => {
    expect(kind(conditions)).toBe(expected);
  });

  it('orders term ranges Fall < Winter < Spring < Summer, then by year (records/domain/transfer-term)', () => {
    const summer = { ...facts, transferTerm: '2023-24 Summer' };
    expect(kind({ transferTerms: { from: '2023-24 Spring', to: '2024-25 Fall' } }, summer)).toBe('match');
    expect(kind({ transferTerms: { from: '2024-25 Fall' } }, summer)).toBe('no-match');
    expect(kind({ transferTerms: { to: '2023-24 Spring' } }, summer)).toBe('no-match');
  });

  it('reads a course level off the code: the first digit, in thousands', () => {
    expect(courseLevelOf('HUMA1103')).toBe(1000);
    expect(courseLevelOf('COMP4211')).toBe(4000);
    expect(courseLevelOf('PHYS 0031')).toBe(0);
    expect(courseLevelOf('HUMA1000LEVEL')).toBe(1000);
    expect(courseLevelOf('mech2310')).toBe(2000);
    expect(courseLevelOf('LEVEL')).toBeUndefined();
    expect(homeCourseFacts('LIFS3040', 'LIFS')).toEqual({
      code: 'LIFS3040',
      subjectArea: 'LIFS',
      level: 3000,
    });
    // Facts without a level still match on it, read off the code.
    expect(
      kind({ courseLevels: [2000] }, { ...facts, courses: [{ code: 'MECH2310', subjectArea: 'MECH' }] }),
    ).toBe('match');
  });
});

describe('combinations', () => {
  it('needs every condition of a row (AND), any value of a condition (OR)', () => {
    expect(kind({ programs: ['BEng MECH'], academicYears: ['Year 3'], subjectAreas: ['MECH'] })).toBe(
      'match',
    );
    expect(kind({ programs: ['BEng MECH'], academicYears: ['Year 1'], subjectAreas: ['MECH'] })).toBe(
      'no-match',
    );
    expect(kind({ programs: ['BBA4', 'BEng MECH'], studyRecordCategories: ['on-entry-disclosed'] })).toBe(
      'match',
    );
  });

  it('matches when any HKUST course of the application meets the course conditions', () => {
    const nToN = {
      ...facts,
      courses: [homeCourseFacts('COMP1021', 'COMP'), homeCourseFacts('MECH2310', 'MECH')],
    };
    expect(kind({ subjectAreas: ['MECH'] }, nToN)).toBe('match');
    expect(kind({ courseLevels: [1000] }, nToN)).toBe('match');
  });

  it('needs the course conditions to hold for one and the same course', () => {
    const split = {
      ...facts,
      courses: [homeCourseFacts('MECH1020', 'MECH'), homeCourseFacts('COMP3111', 'COMP')],
    };
    expect(kind({ subjectAreas: ['MECH'], courseLevels: [3000, 4000] }, split)).toBe('no-match');
    const same = { ...split, courses: [...split.courses, homeCourseFacts('MECH3610', 'MECH')] };
    expect(kind({ subjectAreas: ['MECH'], courseLevels: [3000, 4000] }, same)).toBe('match');
  });

  it('does not match a course condition when the application has no HKUST course', () => {
    expect(kind({ subjectAreas: ['MECH'] }, { ...facts, courses: [] })).toBe('no-match');
    expect(kind({ programs: ['BEng MECH'] }, { ...facts, courses: [] })).toBe('match');
  });
});

describe('routing', () => {
  it('sends an application no row matches straight to ARO', () => {
    const routing = route(facts, rule('SBM', { programs: ['BBA4'] }, [sbm]));
    expect(routing).toEqual({
      ruleVersion: 3,
      matchedRows: [],
      endorsers: [],
      outcome: 'no-endorsement',
      reason: 'No row of rule table v3 matches: straight to ARO.',
      failClosed: [],
      notes: [],
    });
    expect(route(facts).outcome).toBe('no-endorsement');
  });

  it('asks every office of every matching row (Collect), listing the rows in table order', () => {
    const routing = route(
      facts,
      rule('SENG-ALL', { programs: ['BEng MECH'] }, [seng], 'All SENG programs'),
      rule('SBM', { programs: ['BBA4'] }, [sbm]),
      rule('MECH-CORE', { subjectAreas: ['MECH'] }, [mech]),
    );
    expect(routing.outcome).toBe('endorsement');
    expect(routing.matchedRows).toEqual(['SENG-ALL', 'MECH-CORE']);
    expect(routing.endorsers).toEqual([seng, mech]);
    expect(routing.notes).toEqual([{ ruleId: 'SENG-ALL', note: 'All SENG programs' }]);
    expect(routing.reason).toBe(
      'Rule table v3, rows "SENG-ALL", "MECH-CORE": endorsement by SENG UG Office, MECH UG Office.',
    );
  });

  it('asks an office named by several matching rows once, in the order it first appears, emails merged', () => {
    const sengMore = { ...seng, emails: ['sengug@ust.hk', 'seng-ct@ust.hk'] };
    const routing = route(
      facts,
      rule('A', { subjectAreas: ['MECH'] }, [mech, seng]),
      rule('B', { programs: ['BEng MECH'] }, [sengMore, mech]),
    );
    expect(routing.endorsers).toEqual([mech, { ...seng, emails: ['sengug@ust.hk', 'seng-ct@ust.hk'] }]);
  });

  it('fails closed to ARO when a matching row names no office, naming the row and still listing the rows', () => {
    const routing = route(
      facts,
      rule('MECH-CORE', { subjectAreas: ['MECH'] }, [mech]),
      rule('HOLD-Y3', { academicYears: ['Year 3'] }, []),
    );
    expect(routing.outcome).toBe('fail-closed-to-aro');
    expect(routing.matchedRows).toEqual(['MECH-CORE', 'HOLD-Y3']);
    expect(routing.endorsers).toEqual([mech]);
    expect(routing.failClosed).toEqual([
      { ruleId: 'HOLD-Y3', problem: 'no-endorser', detail: 'names no program office' },
    ]);
    expect(routing.reason).toBe(
      'Rule table v3: row "HOLD-Y3" matches but names no program office. Fail closed to ARO.',
    );
  });

  it('fails closed when a matching row names an office with no email to reach', () => {
    const unreachable = { officeId: 'ghost', name: 'Ghost Office', emails: [] };
    const routing = route(facts, rule('G', {}, [seng, unreachable]));
    expect(routing.outcome).toBe('fail-closed-to-aro');
    expect(routing.failClosed).toEqual([
      { ruleId: 'G', problem: 'office-without-email', detail: 'names "ghost" with no email to reach' },
    ]);
  });

  it('does not fail closed for an endorser-less row that does not match', () => {
    expect(route(facts, rule('HOLD-Y1', { academicYears: ['Year 1'] }, [])).outcome).toBe('no-endorsement');
  });

  it('fails closed when a row cannot be decided for want of a fact, unless another condition rules it out', () => {
    const blank = { ...facts, program: '  ' };
    const maybe = route(blank, rule('P', { programs: ['BEng MECH'] }, [seng]));
    expect(maybe.outcome).toBe('fail-closed-to-aro');
    expect(maybe.matchedRows).toEqual([]);
    expect(maybe.reason).toBe(
      'Rule table v3: row "P" cannot be decided: the application has no program. Fail closed to ARO.',
    );
    expect(route(blank, rule('P', { programs: ['BEng MECH'], academicYears: ['Year 1'] })).outcome).toBe(
      'no-endorsement',
    );
    expect(route(blank, rule('Y', { academicYears: ['Year 3'] })).outcome).toBe('endorsement');

    const badTerm = route(
      { ...facts, cohortTerm: 'Fall 2023' },
      rule('C', { cohortTerms: { from: '2020-21 Fall' } }),
    );
    expect(badTerm.failClosed).toEqual([
      {
        ruleId: 'C',
        problem: 'undecidable',
        detail: 'the cohort term "Fall 2023" is not a term such as "2023-24 Fall"',
      },
    ]);
    const noLevel = { ...facts, courses: [{ code: 'SPECIAL', subjectArea: 'MECH' }] };
    expect(route(noLevel, rule('L', { courseLevels: [1000] })).outcome).toBe('fail-closed-to-aro');
    expect(route(noLevel, rule('L', { courseLevels: [1000], subjectAreas: ['COMP'] })).outcome).toBe(
      'no-endorsement',
    );
  });
});

describe('validating a table', () => {
  const valid: EndorsementRuleDraft[] = [
    rule('SENG-Y3', { programs: ['BEng MECH'], academicYears: ['Year 3'] }, [seng]),
    rule(
      'MECH',
      { subjectAreas: ['MECH'], courseLevels: [3000, 4000], transferTerms: { from: '2024-25 Fall' } },
      [mech, seng],
    ),
    rule('HOLD', { studyRecordCategories: ['self-arranged-study-abroad'] }, [], 'ARO checks these first'),
  ];

  it('accepts a good table, an endorser-less row included (it refers to ARO)', () => {
    expect(validateRuleTable(valid)).toEqual([]);
    expect(isValidRuleTable(valid)).toBe(true);
    expect(validateRuleTable([])).toEqual([]);
  });

  const problemsOf = (row: Partial<EndorsementRuleDraft>, others: EndorsementRuleDraft[] = []) =>
    validateRuleTable([...others, { ruleId: 'X1', conditions: {}, endorsers: [seng], ...row }]);

  it.each<[string, Partial<EndorsementRuleDraft>, { field: string; reason: string }]>([
    [
      'an empty condition list',
      { conditions: { programs: [] } },
      {
        field: 'rows[0].conditions.programs',
        reason: 'rule "X1": an empty list matches nothing; leave the condition out to match any program',
      },
    ],
    [
      'an unknown category',
      { conditions: { studyRecordCategories: ['exchange'] } },
      {
        field: 'rows[0].conditions.studyRecordCategories[0]',
        reason: 'rule "X1": "exchange" is not a study-record category',
      },
    ],
    [
      'an office without an email',
      { endorsers: [{ officeId: 'seng-ug', name: 'SENG UG Office', emails: [] }] },
      {
        field: 'rows[0].endorsers[0].emails',
        reason: 'rule "X1": office "seng-ug" has no email: nobody could be asked to endorse',
      },
    ],
    [
      'a malformed email',
      { endorsers: [{ ...seng, emails: ['sengug'] }] },
      { field: 'rows[0].endorsers[0].emails[0]', reason: 'rule "X1": "sengug" is not an email address' },
    ],
    [
      'an office without a name or id',
      { endorsers: [{ officeId: ' ', name: 'X', emails: ['x@ust.hk'] }] },
      { field: 'rows[0].endorsers[0].officeId', reason: 'rule "X1": an office id is required' },
    ],
    [
      'an office listed twice in a row',
      { endorsers: [seng, seng] },
      {
        field: 'rows[0].endorsers[1].officeId',
        reason: 'rule "X1": office "seng-ug" is listed twice in the row',
      },
    ],
    [
      'a term that does not parse',
      { conditions: { transferTerms: ['2023 Fall'] } },
      {
        field: 'rows[0].conditions.transferTerms[0]',
        reason: 'rule "X1": "2023 Fall" is not a term such as "2023-24 Fall"',
      },
    ],
    [
      'a backwards range',
      { conditions: { cohortTerms: { from: '2024-25 Fall', to: '2023-24 Fall' } } },
      {
        field: 'rows[0].conditions.cohortTerms',
        reason:
          'rule "X1": the range ends ("2023-24 Fall") before it starts ("2024-25 Fall"), so it matches nothing',
      },
    ],
    [
      'a range without ends',
      { conditions: { cohortTerms: {} } },
      {
        field: 'rows[0].conditions.cohortTerms',
        reason: 'rule "X1": a range needs "from", "to" or both; leave the condition out to match any term',
      },
    ],
    [
      'a bad range end',
      { conditions: { transferTerms: { from: 'next Fall' } } },
      {
        field: 'rows[0].conditions.transferTerms.from',
        reason: 'rule "X1": "next Fall" is not a term such as "2023-24 Fall"',
      },
    ],
    [
      'a course level that is no level',
      { conditions: { courseLevels: [2500] } },
      {
        field: 'rows[0].conditions.courseLevels[0]',
        reason: 'rule "X1": 2500 is not a course level (0, 1000, 2000 ... 9000)',
      },
    ],
    [
      'a course code that is no code',
      { conditions: { courseCodes: ['Thermodynamics'] } },
      {
        field: 'rows[0].conditions.courseCodes[0]',
        reason: 'rule "X1": "Thermodynamics" is not an HKUST course code such as "MECH2310"',
      },
    ],
    [
      'a subject area that is no area',
      { conditions: { subjectAreas: ['MECH2310'] } },
      {
        field: 'rows[0].conditions.subjectAreas[0]',
        reason: 'rule "X1": "MECH2310" is not a subject area such as "MECH"',
      },
    ],
    [
      'an academic year in another form',
      { conditions: { academicYears: ['3'] } },
      {
        field: 'rows[0].conditions.academicYears[0]',
        reason: 'rule "X1": "3" is not an academic year such as "Year 3"',
      },
    ],
    [
      'a value listed twice',
      { conditions: { programs: ['BBA4', 'bba4'] } },
      { field: 'rows[0].conditions.programs[1]', reason: 'rule "X1": "BBA4" is listed twice (also at [0])' },
    ],
    [
      'a misspelt condition',
      { conditions: { program: ['BBA4'] } as EndorsementConditions<string> },
      {
        field: 'rows[0].conditions.program',
        reason:
          'rule "X1": not a condition; the conditions are programs, cohortTerms, academicYears, ' +
          'studyRecordCategories, courseCodes, subjectAreas, courseLevels, transferTerms',
      },
    ],
    [
      'a missing rule id',
      { ruleId: '' },
      {
        field: 'rows[0].ruleId',
        reason: 'row 1: a rule id of letters, digits, ".", "_" or "-" (at most 64) is required',
      },
    ],
  ])('names the row and field of %s', (_, row, problem) => {
    expect(problemsOf(row)).toEqual([problem]);
  });

  it('names a duplicate rule id and the row that has it first', () => {
    expect(problemsOf({ ruleId: 'seng-y3' }, valid)).toEqual([
      { field: 'rows[3].ruleId', reason: 'rule "seng-y3": duplicate rule id, already used by rows[0]' },
    ]);
  });

  it('names an office given differently in two rows', () => {
    expect(problemsOf({ endorsers: [{ ...seng, emails: ['other@ust.hk'] }] }, valid)).toEqual([
      {
        field: 'rows[3].endorsers[0]',
        reason:
          'rule "X1": office "seng-ug" differs from its entry in rows[0] ("SENG-Y3"): give it the same name and emails everywhere',
      },
    ]);
  });

  it('reports every problem of a row, not just the first', () => {
    const problems = problemsOf({
      conditions: { programs: [], courseLevels: [5] },
      endorsers: [{ ...seng, emails: [] }],
    });
    expect(problems.map((p) => p.field)).toEqual([
      'rows[0].conditions.programs',
      'rows[0].conditions.courseLevels[0]',
      'rows[0].endorsers[0].emails',
    ]);
  });
});

describe('versions', () => {
  it('publishes the next version from valid rows, or returns the problems', () => {
    const first = publishRuleTable(undefined, [rule('A', {})], 'aro-1', '2026-05-01T00:00:00Z');
    expect(first).toEqual({
      ok: true,
      table: { version: 1, rows: [rule('A', {})], publishedBy: 'aro-1', publishedAt: '2026-05-01T00:00:00Z' },
    });
    const next = publishRuleTable(
      { version: 1 },
      [rule('A', {}), rule('B', {})],
      'aro-2',
      '2026-06-01T08:00:00+08:00',
    );
    expect(next.ok && next.table.version).toBe(2);
    expect(publishRuleTable({ version: 1 }, [rule('A', { programs: [] })], '', 'yesterday')).toEqual({
      ok: false,
      problems: [
        {
          field: 'rows[0].conditions.programs',
          reason: 'rule "A": an empty list matches nothing; leave the condition out to match any program',
        },
        { field: 'publishedBy', reason: 'who publishes the table is required' },
        { field: 'publishedAt', reason: '"yesterday" is not an ISO 8601 instant' },
      ],
    });
  });

  it('routes a submission by the latest version published at or before it', () => {
    const v = (version: number, publishedAt: string): EndorsementRuleTable => ({
      version,
      rows: [],
      publishedBy: 'aro-1',
      publishedAt,
    });
    const tables = [v(2, '2026-03-01T00:00:00Z'), v(1, '2026-01-01T00:00:00Z'), v(3, '2026-06-01T00:00:00Z')];
    expect(tableInForce(tables, '2025-12-31T23:59:59Z')).toBeUndefined();
    expect(tableInForce(tables, '2026-03-01T00:00:00Z')?.version).toBe(2);
    expect(tableInForce(tables, '2026-05-31T00:00:00Z')?.version).toBe(2);
    expect(tableInForce(tables, '2026-07-01T00:00:00Z')?.version).toBe(3);
  });
});

describe('going back through endorsement', () => {
  it('sends a changed grade back through endorsement', () => {
    expect(needsEndorsementAgain(facts, facts, true)).toBe(true);
    expect(reendorsementReason(facts, facts, true)).toBe(
      'Changed since endorsement routing: incoming course grade.',
    );
  });

  it('returns an unchanged application straight to ARO', () => {
    expect(needsEndorsementAgain(facts, structuredClone(facts), false)).toBe(false);
    // Case, spacing and course order are not changes.
    const same = { ...facts, program: 'beng mech', courses: [{ code: 'MECH 2310', subjectArea: 'mech' }] };
    expect(changedFacts(facts, same)).toEqual([]);
  });

  it('sends back an application whose routing facts changed, naming them', () => {
    const next = { ...facts, academicYear: 'Year 4', courses: [homeCourseFacts('MECH3610', 'MECH')] };
    expect(changedFacts(facts, next)).toEqual(['academic year', 'HKUST courses']);
    expect(reendorsementReason(facts, next, true)).toBe(
      'Changed since endorsement routing: incoming course grade, academic year, HKUST courses.',
    );
  });
});

// ---------------------------------------------------------------------------------------------------
// Properties. Small pools, so that rows match often.

const programs = ['BBA4', 'BEng MECH', 'BSc COMP', 'BSc LIFS'];
const terms = termsBetween('2021-22 Fall', '2024-25 Summer');
const years = ['Year 1', 'Year 2', 'Year 3', 'Year 4'];
const courses = [
  homeCourseFacts('MECH2310', 'MECH'),
  homeCourseFacts('MECH3610', 'MECH'),
  homeCourseFacts('COMP1021', 'COMP'),
  homeCourseFacts('COMP3111', 'COMP'),
  homeCourseFacts('HUMA1103', 'HUMA'),
  homeCourseFacts('LIFS4370', 'LIFS'),
];
const offices: ProgramOffice[] = [
  seng,
  mech,
  sbm,
  { officeId: 'sci-ug', name: 'SSCI UG Office', emails: ['sciug@ust.hk'] },
  { officeId: 'ogl', name: 'OGL', emails: ['ogl@ust.hk', 'exchange@ust.hk'] },
];

const factsArb: fc.Arbitrary<ApplicationFacts> = fc.record({
  program: fc.constantFrom(...programs),
  cohortTerm: fc.constantFrom(...terms),
  academicYear: fc.constantFrom(...years),
  category: fc.constantFrom(...studyRecordCategoryIds),
  transferTerm: fc.constantFrom(...terms),
  courses: fc.subarray(courses, { minLength: 1, maxLength: 3 }),
});

const some = <T>(pool: readonly T[]) => fc.subarray([...pool], { minLength: 1 });

const termConditionArb: fc.Arbitrary<TermCondition> = fc.oneof(
  some(terms),
  fc
    .tuple(
      fc.option(fc.constantFrom(...terms), { nil: undefined }),
      fc.option(fc.constantFrom(...terms), { nil: undefined }),
    )
    .filter(([a, b]) => a !== undefined || b !== undefined)
    .map(([a, b]) => {
      const [from, to] = a && b && compareTerms(a, b) > 0 ? [b, a] : [a, b];
      return { ...(from ? { from } : {}), ...(to ? { to } : {}) };
    }),
);

const conditionsArb: fc.Arbitrary<EndorsementConditions> = fc.record(
  {
    programs: some(programs),
    cohortTerms: termConditionArb,
    academicYears: some(years),
    studyRecordCategories: some(studyRecordCategoryIds),
    courseCodes: some(courses.map((c) => c.code)),
    subjectAreas: some(['MECH', 'COMP', 'HUMA', 'LIFS']),
    courseLevels: some([1000, 2000, 3000, 4000]),
    transferTerms: termConditionArb,
  },
  { requiredKeys: [] },
);

const rowArb = (endorsers: fc.Arbitrary<ProgramOffice[]> = fc.subarray(offices)) =>
  fc.record({ conditions: conditionsArb, endorsers });

const tableOf = (rows: readonly EndorsementRule[]): EndorsementRuleTable => ({ ...table(), rows });

/** A row that surely matches the facts: every condition it has holds them (course ones, for one course). */
const matchingRowArb = (f: ApplicationFacts, endorsers: fc.Arbitrary<ProgramOffice[]>) =>
  fc.tuple(rowArb(endorsers), fc.constantFrom(...f.courses)).map(([row, course]) => {
    const add = <T>(values: readonly T[] | undefined, value: T): T[] | undefined =>
      values === undefined ? undefined : [...new Set([...values, value])];
    const widen = (c: TermCondition | undefined, term: string): TermCondition | undefined => {
      if (c === undefined) return undefined;
      if (Array.isArray(c)) return add(c as string[], term);
      const range = c as { from?: string; to?: string };
      return {
        ...(range.from ? { from: compareTerms(range.from, term) > 0 ? term : range.from } : {}),
        ...(range.to ? { to: compareTerms(range.to, term) < 0 ? term : range.to } : {}),
      };
    };
    const c = row.conditions;
    const conditions: EndorsementConditions = Object.fromEntries(
      Object.entries({
        programs: add(c.programs, f.program),
        cohortTerms: widen(c.cohortTerms, f.cohortTerm),
        academicYears: add(c.academicYears, f.academicYear),
        studyRecordCategories: add<StudyRecordCategory>(c.studyRecordCategories, f.category),
        courseCodes: add(c.courseCodes, course.code),
        subjectAreas: add(c.subjectAreas, course.subjectArea),
        courseLevels: add(c.courseLevels, course.level ?? 0),
        transferTerms: widen(c.transferTerms, f.transferTerm),
      }).filter(([, v]) => v !== undefined),
    );
    return { ruleId: 'NEW', conditions, endorsers: row.endorsers };
  });

/**
 * Facts and a table for them: rows with distinct ids R0, R1, ..., random ones (which seldom match)
 * mixed with rows built to match, so that every outcome comes up often.
 */
const caseArb: fc.Arbitrary<[ApplicationFacts, EndorsementRule[]]> = factsArb.chain((f) =>
  fc.tuple(
    fc.constant(f),
    fc
      .array(fc.oneof(rowArb(), matchingRowArb(f, fc.subarray(offices))), { maxLength: 8 })
      .map((rows) => rows.map((r, i): EndorsementRule => ({ ...r, ruleId: `R${i}` }))),
  ),
);

/** A row that surely does not match: it asks for another program. */
const otherRowArb = (f: ApplicationFacts) =>
  fc.tuple(rowArb(), some(programs.filter((p) => p !== f.program))).map(
    ([row, others]): EndorsementRule => ({
      ruleId: 'NEW',
      ...row,
      conditions: { ...row.conditions, programs: others },
    }),
  );

const insertAt = <T>(items: readonly T[], at: number, item: T): T[] => {
  const i = at % (items.length + 1);
  return [...items.slice(0, i), item, ...items.slice(i)];
};

const ids = (os: readonly ProgramOffice[]) => os.map((o) => o.officeId);
const runs = { numRuns: 300 };

describe('properties', () => {
  it('generated tables are valid, and their routing is consistent', () => {
    fc.assert(
      fc.property(caseArb, ([f, rows]) => {
        expect(validateRuleTable(rows)).toEqual([]);
        const r = evaluateEndorsement(tableOf(rows), f);
        expect(r.ruleVersion).toBe(3);
        // Matched rows are exactly the rows that match, in table order.
        expect(r.matchedRows).toEqual(
          rows.filter((row) => rowMatches(row, f).kind === 'match').map((x) => x.ruleId),
        );
        if (r.outcome === 'no-endorsement') expect(r.matchedRows).toEqual([]);
        if (r.matchedRows.length === 0) expect(r.outcome).toBe('no-endorsement');
        if (r.outcome === 'endorsement') expect(r.endorsers.length).toBeGreaterThan(0);
        expect(new Set(ids(r.endorsers)).size).toBe(r.endorsers.length);
      }),
      runs,
    );
  });

  it('the order of rows does not change the set of endorsers (nor rows, nor outcome)', () => {
    fc.assert(
      fc.property(
        caseArb.chain(([f, rows]) =>
          fc.tuple(fc.constant(f), fc.constant(rows), fc.shuffledSubarray(rows, { minLength: rows.length })),
        ),
        ([f, rows, shuffled]) => {
          const a = evaluateEndorsement(tableOf(rows), f);
          const b = evaluateEndorsement(tableOf(shuffled), f);
          expect(new Set(ids(b.endorsers))).toEqual(new Set(ids(a.endorsers)));
          expect(new Set(b.matchedRows)).toEqual(new Set(a.matchedRows));
          expect(b.outcome).toBe(a.outcome);
        },
      ),
      runs,
    );
  });

  it('adding a row that does not match changes nothing', () => {
    fc.assert(
      fc.property(
        caseArb.chain(([f, rows]) => fc.tuple(fc.constant(f), fc.constant(rows), otherRowArb(f), fc.nat())),
        ([f, rows, other, at]) => {
          expect(evaluateEndorsement(tableOf(insertAt(rows, at, other)), f)).toEqual(
            evaluateEndorsement(tableOf(rows), f),
          );
        },
      ),
      runs,
    );
  });

  it('adding a matching row never removes an endorser (nor a matched row), and it is matched', () => {
    fc.assert(
      fc.property(
        caseArb.chain(([f, rows]) =>
          fc.tuple(fc.constant(f), fc.constant(rows), matchingRowArb(f, fc.subarray(offices)), fc.nat()),
        ),
        ([f, rows, added, at]) => {
          const before = evaluateEndorsement(tableOf(rows), f);
          const after = evaluateEndorsement(tableOf(insertAt(rows, at, added)), f);
          const afterIds = new Set(ids(after.endorsers));
          for (const id of ids(before.endorsers)) expect(afterIds.has(id)).toBe(true);
          for (const id of ids(added.endorsers)) expect(afterIds.has(id)).toBe(true);
          expect(after.matchedRows).toEqual(expect.arrayContaining([...before.matchedRows, 'NEW']));
          if (before.outcome === 'fail-closed-to-aro') expect(after.outcome).toBe('fail-closed-to-aro');
          expect(after.outcome).not.toBe('no-endorsement');
        },
      ),
      runs,
    );
  });

  it('is deterministic: the same table and facts, even copied, route the same', () => {
    fc.assert(
      fc.property(caseArb, ([f, rows]) => {
        const t = tableOf(rows);
        const first = evaluateEndorsement(t, f);
        expect(evaluateEndorsement(t, f)).toEqual(first);
        expect(evaluateEndorsement(structuredClone(t), structuredClone(f))).toEqual(first);
      }),
      runs,
    );
  });

  it('every endorser comes from a matching row, and every office of a matching row endorses', () => {
    fc.assert(
      fc.property(caseArb, ([f, rows]) => {
        const r = evaluateEndorsement(tableOf(rows), f);
        const matched = rows.filter((row) => r.matchedRows.includes(row.ruleId));
        for (const e of r.endorsers) {
          expect(matched.some((row) => row.endorsers.some((o) => o.officeId === e.officeId))).toBe(true);
        }
        const endorserIds = new Set(ids(r.endorsers));
        for (const o of matched.flatMap((row) => row.endorsers))
          expect(endorserIds.has(o.officeId)).toBe(true);
      }),
      runs,
    );
  });

  it('a table with a matching endorser-less row always fails closed, naming the row', () => {
    fc.assert(
      fc.property(
        caseArb.chain(([f, rows]) =>
          fc.tuple(fc.constant(f), fc.constant(rows), matchingRowArb(f, fc.constant([])), fc.nat()),
        ),
        ([f, rows, hold, at]) => {
          const r = evaluateEndorsement(tableOf(insertAt(rows, at, hold)), f);
          expect(r.outcome).toBe('fail-closed-to-aro');
          expect(r.matchedRows).toContain('NEW');
          expect(r.failClosed).toContainEqual({
            ruleId: 'NEW',
            problem: 'no-endorser',
            detail: 'names no program office',
          });
          expect(r.reason).toContain('row "NEW" matches but names no program office');
        },
      ),
      runs,
    );
  });

  it('a fact gone missing never lets an application skip the endorsement it needed', () => {
    const blanks: ((f: ApplicationFacts) => ApplicationFacts)[] = [
      (f) => ({ ...f, program: '' }),
      (f) => ({ ...f, cohortTerm: 'unknown' }),
      (f) => ({ ...f, academicYear: ' ' }),
      (f) => ({ ...f, transferTerm: '' }),
      (f) => ({ ...f, courses: f.courses.map((c) => ({ ...c, subjectArea: '' })) }),
    ];
    fc.assert(
      fc.property(caseArb, fc.constantFrom(...blanks), ([f, rows], blank) => {
        const known = evaluateEndorsement(tableOf(rows), f);
        const unknown = evaluateEndorsement(tableOf(rows), blank(f));
        if (known.outcome !== 'no-endorsement') expect(unknown.outcome).not.toBe('no-endorsement');
        if (known.outcome === 'fail-closed-to-aro') expect(unknown.outcome).toBe('fail-closed-to-aro');
      }),
      runs,
    );
  });
});
