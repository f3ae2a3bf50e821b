import type { MappingStatus } from '../../functions/mappings/domain/mapping-status.js';
import type { IncomingCourse } from '../../functions/mappings/entities/mapping.js';
import type { StudyRecordCategory } from '../../functions/records/domain/study-record.js';
import type { Student } from '../../functions/records/entities/student.js';
import { type DemoStudent, demoStudents } from './people.js';

// Hand-written data: the guide's worked examples, under the D.B. Ref. Nos. the guide shows, so its
// walkthrough can be replayed (search "music" finds B006711-01 Expired and -02 Approved), and the demo
// students' records and requests, each built to show one part of the system.

export interface ScenarioMapping {
  /** HKUST course codes. */
  home: string[];
  status: MappingStatus;
  /** Day the request was submitted (YYYY-MM-DD). */
  created: string;
  /** Day of the last change; derived from the status when omitted. */
  updated?: string;
  validFrom?: string;
  validTo?: string;
  reviewerNote?: string;
  denialReason?: string;
  /** The demo record it was requested under; otherwise a background student studying there then. */
  by?: string;
  /** For a background requester: their cohort year (a late On Entry application). */
  cohort?: number;
  /** A name for notify-me links to point at. */
  label?: string;
}

export interface ScenarioGroup {
  /** The guide's D.B. Ref. No. group number; others are numbered by date like generated groups. */
  number?: number;
  institutionId: string;
  incoming: IncomingCourse[];
  mappings: ScenarioMapping[];
}

export interface DemoRecord {
  key: string;
  institutionId: string;
  category: StudyRecordCategory;
  transferTerm: string;
  studyPeriod: string;
  created: string;
  /** Labels of mappings the student follows with Notify Me (guide §4.3). */
  notifyMe?: string[];
}

export interface DemoStudentProfile {
  person: DemoStudent;
  profile: Omit<Student, 'studentId' | 'name' | 'email'>;
  records: DemoRecord[];
}

const course = (
  code: string,
  title: string,
  credits: number,
  creditUnit: IncomingCourse['creditUnit'] = 'CREDIT',
) => ({
  code,
  title,
  credits,
  creditUnit,
});

function person(studentId: string): DemoStudent {
  const found = demoStudents.find((s) => s.studentId === studentId);
  if (!found) throw new Error(`No demo student ${studentId}`);
  return found;
}

const hkcc = 'polyu-hong-kong-community-college';
const hkuSpace = 'hku-space-community-college';
const cityuCC = 'community-college-of-city-university';

export const guideGroups: readonly ScenarioGroup[] = [
  {
    number: 43,
    institutionId: cityuCC,
    incoming: [course('CC2205', 'General Physics', 0)],
    mappings: [
      {
        home: ['PHYS1112'],
        status: 'Denied',
        created: '2019-01-02',
        denialReason: 'The incoming course is algebra-based; the HKUST course requires calculus.',
      },
      {
        home: ['PHYS1001'],
        status: 'Expired',
        created: '2019-03-18',
        validFrom: '2017-18 Fall',
        validTo: '2022-23 Summer',
      },
      {
        home: ['PHYS1002'],
        status: 'Approved',
        created: '2020-07-06',
        validFrom: '2019-20 Fall',
        validTo: '2027-28 Summer',
      },
    ],
  },
  {
    number: 2698,
    institutionId: hkcc,
    incoming: [course('CCN3129', 'Thermofluids', 3, 'UNIT')],
    mappings: [
      { home: ['MECH2210'], status: 'Denied', created: '2019-07-20' },
      {
        home: ['MECH2310'],
        status: 'Approved',
        created: '2019-08-05',
        validFrom: '2019-20 Fall',
        validTo: '2027-28 Summer',
      },
    ],
  },
  {
    number: 2872,
    institutionId: cityuCC,
    incoming: [course('CC3487', 'Introduction to Pathophysiology and Pharmacology', 0)],
    mappings: [
      { home: ['LIFS3040'], status: 'Denied', created: '2019-08-02' },
      {
        home: ['LIFS1902'],
        status: 'Denied',
        created: '2019-10-14',
        denialReason: 'The incoming course does not cover the essential topics of the HKUST course.',
      },
      {
        home: ['LIFS1080'],
        status: 'Expired',
        created: '2020-01-08',
        validFrom: '2018-19 Fall',
        validTo: '2023-24 Summer',
      },
    ],
  },
  {
    number: 3490,
    institutionId: hkcc,
    incoming: [course('CCN2113', 'Financial Management', 3)],
    mappings: [
      {
        home: ['FINA1303'],
        status: 'Expired',
        created: '2019-09-17',
        validFrom: '2018-19 Fall',
        validTo: '2022-23 Summer',
      },
      { home: ['FINA2303'], status: 'Denied', created: '2021-03-08' },
      // Guide §4.3: another student's request that others can follow with Notify Me.
      { home: ['FINA2203'], status: 'Under Review', created: '2026-03-18', label: 'guide-notify-me' },
    ],
  },
  {
    number: 6617,
    institutionId: 'city-university-of-hong-kong',
    incoming: [course('GE2306', 'Energy and Technology', 3)],
    mappings: [
      { home: ['ENVR1040'], status: 'Denied', created: '2020-05-10' },
      // Guide §4.5: re-mapping this one to another PHYS course would be an appeal.
      {
        home: ['PHYS1003'],
        status: 'Approved',
        created: '2020-09-21',
        validFrom: '2019-20 Fall',
        validTo: '2027-28 Summer',
      },
    ],
  },
  {
    number: 6711,
    institutionId: hkcc,
    incoming: [course('CCN2046', 'Music, Mind and Human Behavior', 3)],
    mappings: [
      {
        home: ['HUMA1103'],
        status: 'Expired',
        created: '2020-05-17',
        validFrom: '2017-18 Fall',
        validTo: '2021-22 Summer',
      },
      {
        home: ['HUMA1000LEVEL'],
        status: 'Approved',
        created: '2022-09-26',
        validFrom: '2019-20 Fall',
        validTo: '2027-28 Summer',
      },
    ],
  },
  {
    number: 11240,
    institutionId: 'the-chinese-university-of-hong-kong',
    incoming: [course('BPHM1116', 'Basic Biochemistry for Pharmacy Students', 0, 'UNIT')],
    mappings: [
      { home: ['LIFS1901'], status: 'Denied', created: '2021-04-22' },
      // Guide §4.4: returned for more information.
      {
        home: ['LIFS2210'],
        status: 'Need Further Info',
        created: '2026-04-20',
        updated: '2026-05-07',
        by: 'wsho/cuhk',
      },
    ],
  },
  {
    number: 31367,
    institutionId: hkuSpace,
    incoming: [course('MEDF1010', 'Foundation Course for Health Sciences I', 3)],
    mappings: [
      { home: ['LIFS1901'], status: 'Denied', created: '2025-06-10' },
      {
        home: ['LIFS4370'],
        status: 'Approved',
        created: '2025-07-14',
        validFrom: '2023-24 Fall',
        validTo: '2029-30 Summer',
      },
    ],
  },
  {
    number: 33214,
    institutionId: hkcc,
    incoming: [course('CCN2320', 'Human Physiology', 0)],
    mappings: [
      { home: ['LIFS2040'], status: 'Denied', created: '2025-10-27' },
      {
        home: ['LIFS3040'],
        status: 'Approved',
        created: '2025-12-15',
        validFrom: '2019-20 Fall',
        validTo: '2027-28 Summer',
      },
    ],
  },
  {
    // N-to-1: two cross-listed courses together for one HKUST course.
    number: 33369,
    institutionId: hkcc,
    incoming: [
      course('SEHH2320/CCN2320', 'Human Physiology', 3),
      course('SEHH2321/CCN2321', 'Human Physiology with Common Diseases', 3),
    ],
    mappings: [
      {
        home: ['LIFS1902'],
        status: 'Approved',
        created: '2025-11-08',
        validFrom: '2019-20 Fall',
        validTo: '2027-28 Summer',
      },
    ],
  },
  {
    // Guide §4.6: an Expired mapping to extend. Requested late by a student admitted in 2021.
    number: 34799,
    institutionId: hkuSpace,
    incoming: [course('CCLC1206', 'Written and Spoken Modern Chinese', 3)],
    mappings: [
      { home: ['LANG1117'], status: 'Denied', created: '2026-02-10', cohort: 2021 },
      {
        home: ['HUMA1020'],
        status: 'Expired',
        created: '2026-02-24',
        updated: '2026-04-01',
        validFrom: '2020-21 Fall',
        validTo: '2024-25 Summer',
        cohort: 2021,
      },
    ],
  },
  {
    // Guide §4.7: a Denied mapping to appeal.
    number: 35205,
    institutionId: 'the-hong-kong-polytechnic-university',
    incoming: [course('BUIL3005', 'Advanced Geographical Information System', 3)],
    mappings: [
      {
        home: ['ENVR4330'],
        status: 'Denied',
        created: '2026-03-25',
        updated: '2026-04-16',
        denialReason: 'Course content is different.',
      },
    ],
  },
];

export const demoStudentProfiles: readonly DemoStudentProfile[] = [
  {
    person: person('20853127'),
    profile: {
      program: 'BBA4',
      cohortTerm: '2023-24 Fall',
      academicYear: 'Year 3',
      programStatus: 'Active in Program',
      degreeCheckout: 'Not Started',
    },
    records: [
      {
        key: 'kmchan/hkuspace',
        institutionId: hkuSpace,
        category: 'on-entry-disclosed',
        transferTerm: '2023-24 Fall',
        studyPeriod: '2021-2023',
        created: '2023-08-14',
      },
      {
        key: 'kmchan/bu',
        institutionId: 'boston-university',
        category: 'hkust-organized-study-abroad',
        transferTerm: '2025-26 Spring',
        studyPeriod: '2025-26 Spring',
        created: '2025-09-22',
        notifyMe: ['bu-strategy'],
      },
      {
        key: 'kmchan/bit',
        institutionId: 'beijing-institute-of-technology',
        category: 'self-arranged-study-abroad',
        transferTerm: '2025-26 Summer',
        studyPeriod: '2025-26 Summer',
        created: '2026-04-16',
      },
    ],
  },
  {
    person: person('20912840'),
    profile: {
      program: 'BSc COMP',
      cohortTerm: '2024-25 Fall',
      academicYear: 'Year 2',
      programStatus: 'Active in Program',
      degreeCheckout: 'Not Started',
    },
    records: [
      {
        key: 'hywong/hkcc',
        institutionId: hkcc,
        category: 'on-entry-disclosed',
        transferTerm: '2024-25 Fall',
        studyPeriod: '2022-2024',
        created: '2024-08-12',
        notifyMe: ['guide-notify-me'],
      },
      {
        key: 'hywong/toronto',
        institutionId: 'university-of-toronto',
        category: 'hkust-organized-study-abroad',
        transferTerm: '2026-27 Fall',
        studyPeriod: '2026-27 Fall',
        created: '2026-03-10',
      },
    ],
  },
  {
    person: person('20835519'),
    profile: {
      program: 'BEng MECH',
      cohortTerm: '2023-24 Fall',
      academicYear: 'Year 3',
      programStatus: 'Active in Program',
      degreeCheckout: 'Not Started',
    },
    records: [
      {
        key: 'chlee/hkcc',
        institutionId: hkcc,
        category: 'on-entry-disclosed',
        transferTerm: '2023-24 Fall',
        studyPeriod: '2021-2023',
        created: '2023-08-14',
      },
      {
        key: 'chlee/kth',
        institutionId: 'kth-royal-institute-of-technology',
        category: 'hkust-organized-study-abroad',
        transferTerm: '2025-26 Fall',
        studyPeriod: '2025-26 Fall',
        created: '2025-02-20',
      },
    ],
  },
  {
    person: person('20907361'),
    profile: {
      program: 'BSc LIFS',
      cohortTerm: '2024-25 Fall',
      academicYear: 'Year 2',
      programStatus: 'Active in Program',
      degreeCheckout: 'Not Started',
    },
    records: [
      {
        key: 'wsho/cuhk',
        institutionId: 'the-chinese-university-of-hong-kong',
        category: 'on-entry-non-disclosed',
        transferTerm: '2024-25 Fall',
        studyPeriod: '2023-2024',
        created: '2026-04-18',
      },
      {
        key: 'wsho/melbourne',
        institutionId: 'university-of-melbourne',
        category: 'hkust-organized-study-abroad',
        transferTerm: '2026-27 Fall',
        studyPeriod: '2026-27 Fall',
        created: '2026-03-05',
      },
    ],
  },
  {
    person: person('20781246'),
    profile: {
      program: 'BBA FINA',
      cohortTerm: '2022-23 Fall',
      academicYear: 'Year 4',
      programStatus: 'Active in Program',
      degreeCheckout: 'Withdrawn',
    },
    records: [
      {
        key: 'mkcheung/nus',
        institutionId: 'national-university-of-singapore',
        category: 'hkust-organized-study-abroad',
        transferTerm: '2024-25 Fall',
        studyPeriod: '2024-25 Fall',
        created: '2024-03-01',
      },
      {
        key: 'mkcheung/berkeley',
        institutionId: 'university-of-california-berkeley',
        category: 'self-arranged-study-abroad',
        transferTerm: '2023-24 Summer',
        studyPeriod: '2023-24 Summer',
        created: '2024-02-05',
      },
    ],
  },
  {
    person: person('20796603'),
    profile: {
      program: 'BSc MATH',
      cohortTerm: '2022-23 Fall',
      academicYear: 'Year 4',
      programStatus: 'Active in Program',
      degreeCheckout: 'In Progress',
    },
    records: [
      {
        key: 'tclam/eth',
        institutionId: 'eth-zurich',
        category: 'hkust-organized-study-abroad',
        transferTerm: '2025-26 Spring',
        studyPeriod: '2025-26 Spring',
        created: '2025-06-02',
      },
    ],
  },
  {
    person: person('21038852'),
    profile: {
      program: 'BEng CIVL',
      cohortTerm: '2025-26 Fall',
      academicYear: 'Year 1',
      programStatus: 'Active in Program',
      degreeCheckout: 'Not Started',
    },
    records: [
      {
        key: 'kyng/hkuspace',
        institutionId: hkuSpace,
        category: 'on-entry-disclosed',
        transferTerm: '2025-26 Fall',
        studyPeriod: '2023-2025',
        created: '2025-08-11',
      },
    ],
  },
  {
    person: person('21041179'),
    profile: {
      program: 'BSc PHYS',
      cohortTerm: '2025-26 Fall',
      academicYear: 'Year 1',
      programStatus: 'Active in Program',
      degreeCheckout: 'Not Started',
    },
    records: [],
  },
];

/** The demo students' own requests, plus others' requests they follow. */
export const demoGroups: readonly ScenarioGroup[] = [
  // Chan Ka Ming: approved and denied on entry, a Need Further Info and pending requests abroad.
  {
    institutionId: hkuSpace,
    incoming: [course('CCAC2101', 'Principles of Accounting I', 3)],
    mappings: [
      {
        home: ['ACCT2010'],
        status: 'Approved',
        created: '2023-09-12',
        validFrom: '2021-22 Fall',
        validTo: '2027-28 Summer',
        by: 'kmchan/hkuspace',
      },
    ],
  },
  {
    institutionId: hkuSpace,
    incoming: [course('CCEC1003', 'Introduction to Economics', 3)],
    mappings: [
      {
        home: ['ECON2103'],
        status: 'Denied',
        created: '2023-09-12',
        updated: '2023-10-30',
        by: 'kmchan/hkuspace',
      },
      { home: ['ECON1014'], status: 'Approved', created: '2023-11-06', by: 'kmchan/hkuspace' },
    ],
  },
  {
    institutionId: 'boston-university',
    incoming: [course('QST MK 323', 'Marketing Research', 4)],
    mappings: [
      {
        home: ['MARK3220'],
        status: 'Approved',
        created: '2025-10-15',
        updated: '2025-11-28',
        validFrom: '2025-26 Fall',
        validTo: '2029-30 Summer',
        by: 'kmchan/bu',
      },
    ],
  },
  {
    institutionId: 'boston-university',
    incoming: [course('QST FE 449', 'Investment Analysis and Portfolio Management', 4)],
    mappings: [
      {
        home: ['FINA3103'],
        status: 'Need Further Info',
        created: '2025-11-20',
        updated: '2026-01-08',
        by: 'kmchan/bu',
      },
    ],
  },
  {
    institutionId: 'boston-university',
    incoming: [course('CAS EC 202', 'Intermediate Macroeconomics', 4)],
    mappings: [{ home: ['ECON2123'], status: 'Under Review', created: '2026-02-03', by: 'kmchan/bu' }],
  },
  {
    institutionId: 'boston-university',
    incoming: [course('QST SI 422', 'Business Strategy', 4)],
    mappings: [{ home: ['MGMT3310'], status: 'Under Review', created: '2026-03-02', label: 'bu-strategy' }],
  },
  {
    institutionId: 'beijing-institute-of-technology',
    incoming: [course('10002417', 'Fundamentals of E-Commerce', 2)],
    mappings: [{ home: ['ISOM3010'], status: 'Under Review', created: '2026-04-20', by: 'kmchan/bit' }],
  },
  {
    institutionId: 'beijing-institute-of-technology',
    incoming: [course('10001203', 'Chinese Culture and Society', 2)],
    mappings: [
      { home: ['HUMA1000LEVEL'], status: 'Request Initiated', created: '2026-05-07', by: 'kmchan/bit' },
    ],
  },

  // Wong Hoi Yan: on entry from PolyU HKCC (one Denied to appeal), requests for Toronto.
  {
    institutionId: hkcc,
    incoming: [course('SEHH2042', 'Computer Programming', 3)],
    mappings: [
      {
        home: ['COMP1021'],
        status: 'Approved',
        created: '2024-09-05',
        updated: '2024-10-21',
        by: 'hywong/hkcc',
      },
    ],
  },
  {
    institutionId: hkcc,
    incoming: [course('SEHH2241', 'Discrete Structures', 3)],
    mappings: [
      {
        home: ['COMP2711'],
        status: 'Denied',
        created: '2024-09-05',
        updated: '2024-10-28',
        denialReason: 'Course content is different.',
        by: 'hywong/hkcc',
      },
    ],
  },
  {
    institutionId: hkcc,
    incoming: [course('SEHH1070', 'Calculus', 3)],
    mappings: [
      {
        home: ['MATH1013'],
        status: 'Approved',
        created: '2024-09-05',
        updated: '2024-10-21',
        by: 'hywong/hkcc',
      },
    ],
  },
  {
    institutionId: 'university-of-toronto',
    incoming: [course('CSC207H1', 'Software Design', 0.5)],
    mappings: [{ home: ['COMP3111'], status: 'Under Review', created: '2026-04-02', by: 'hywong/toronto' }],
  },
  {
    institutionId: 'university-of-toronto',
    incoming: [course('CSC263H1', 'Data Structures and Analysis', 0.5)],
    mappings: [
      { home: ['COMP2012'], status: 'Request Initiated', created: '2026-04-28', by: 'hywong/toronto' },
    ],
  },

  // Lee Chi Hang: everything decided.
  {
    institutionId: hkcc,
    incoming: [course('SEHH2271', 'Engineering Mechanics', 3)],
    mappings: [{ home: ['MECH2020'], status: 'Approved', created: '2023-09-18', by: 'chlee/hkcc' }],
  },
  {
    institutionId: hkcc,
    incoming: [course('CCN2125', 'Engineering Drawing and CAD', 3)],
    mappings: [
      {
        home: ['MECH2520'],
        status: 'Denied',
        created: '2023-09-18',
        denialReason: 'The incoming course does not cover the essential topics of the HKUST course.',
        by: 'chlee/hkcc',
      },
    ],
  },
  {
    institutionId: 'kth-royal-institute-of-technology',
    incoming: [course('SE1010', 'Solid Mechanics', 7.5, 'ECTS')],
    mappings: [{ home: ['MECH2040'], status: 'Approved', created: '2025-04-10', by: 'chlee/kth' }],
  },
  {
    institutionId: 'kth-royal-institute-of-technology',
    incoming: [course('SG2214', 'Fluid Mechanics', 7.5, 'ECTS')],
    mappings: [{ home: ['MECH2210'], status: 'Approved', created: '2025-04-10', by: 'chlee/kth' }],
  },
  {
    institutionId: 'kth-royal-institute-of-technology',
    incoming: [course('MJ2411', 'Renewable Energy Technology', 6, 'ECTS')],
    mappings: [
      {
        home: ['MECH1902'],
        status: 'Denied',
        created: '2025-04-10',
        denialReason: 'The level of the incoming course is not equivalent to the HKUST course.',
        by: 'chlee/kth',
      },
    ],
  },
  {
    institutionId: 'kth-royal-institute-of-technology',
    incoming: [course('SF1683', 'Differential Equations and Transform Methods', 9, 'ECTS')],
    mappings: [
      {
        home: ['MATH2351'],
        status: 'Approved',
        created: '2025-04-14',
        validFrom: '2022-23 Fall',
        validTo: '2025-26 Summer',
        by: 'chlee/kth',
      },
    ],
  },

  // Ho Wing Sze: a non-disclosed CUHK record (her B011240-02 is in the guide groups), Melbourne ahead.
  {
    institutionId: 'the-chinese-university-of-hong-kong',
    incoming: [course('CHEM1070', 'General Chemistry for Life Sciences', 3, 'UNIT')],
    mappings: [{ home: ['CHEM1010'], status: 'Under Review', created: '2026-04-20', by: 'wsho/cuhk' }],
  },
  {
    institutionId: 'university-of-melbourne',
    incoming: [course('GENE30002', 'Human and Medical Genetics', 12.5, 'CREDIT POINT')],
    mappings: [{ home: ['LIFS4370'], status: 'Under Review', created: '2026-04-10', by: 'wsho/melbourne' }],
  },
  {
    institutionId: 'university-of-melbourne',
    incoming: [course('BCMB20002', 'Biochemistry and Molecular Biology', 12.5, 'CREDIT POINT')],
    mappings: [
      { home: ['LIFS2211'], status: 'Request Initiated', created: '2026-05-04', by: 'wsho/melbourne' },
    ],
  },

  // Cheung Man Ki: all decided; one approval valid only in the past, one Expired.
  {
    institutionId: 'national-university-of-singapore',
    incoming: [course('FIN3101', 'Corporate Finance', 4, 'UNIT')],
    mappings: [
      {
        home: ['FINA3303'],
        status: 'Approved',
        created: '2024-04-15',
        validFrom: '2022-23 Fall',
        validTo: '2027-28 Summer',
        by: 'mkcheung/nus',
      },
    ],
  },
  {
    institutionId: 'national-university-of-singapore',
    incoming: [course('BSP1703', 'Managerial Economics', 4, 'UNIT')],
    mappings: [{ home: ['ECON2103'], status: 'Denied', created: '2024-04-15', by: 'mkcheung/nus' }],
  },
  {
    institutionId: 'national-university-of-singapore',
    incoming: [course('MKT1705', 'Principles of Marketing', 4, 'UNIT')],
    mappings: [
      {
        home: ['MARK2120'],
        status: 'Approved',
        created: '2024-04-15',
        validFrom: '2021-22 Fall',
        validTo: '2024-25 Summer',
        by: 'mkcheung/nus',
      },
    ],
  },
  {
    institutionId: 'national-university-of-singapore',
    incoming: [course('ACC1701', 'Accounting for Decision Makers', 4, 'UNIT')],
    mappings: [{ home: ['ACCT2010'], status: 'Approved', created: '2024-04-15', by: 'mkcheung/nus' }],
  },
  {
    institutionId: 'university-of-california-berkeley',
    incoming: [course('STAT 20', 'Introduction to Probability and Statistics', 4, 'UNIT')],
    mappings: [
      {
        home: ['ISOM2500'],
        status: 'Expired',
        created: '2024-03-12',
        updated: '2024-09-02',
        validFrom: '2020-21 Fall',
        validTo: '2023-24 Summer',
        by: 'mkcheung/berkeley',
      },
    ],
  },
  {
    institutionId: 'university-of-california-berkeley',
    incoming: [course('ECON 100B', 'Economic Analysis: Macro', 4, 'UNIT')],
    mappings: [{ home: ['ECON2123'], status: 'Approved', created: '2024-03-12', by: 'mkcheung/berkeley' }],
  },

  // Lam Tsz Ching: ETH, with an N-to-N request.
  {
    institutionId: 'eth-zurich',
    incoming: [
      course('401-2604-00L', 'Probability and Statistics', 7, 'ECTS'),
      course('401-3601-00L', 'Probability Theory', 10, 'ECTS'),
    ],
    mappings: [
      { home: ['MATH2421', 'MATH3423'], status: 'Under Review', created: '2025-10-14', by: 'tclam/eth' },
    ],
  },
  {
    institutionId: 'eth-zurich',
    incoming: [course('401-2303-00L', 'Complex Analysis', 6, 'ECTS')],
    mappings: [{ home: ['MATH4051'], status: 'Approved', created: '2025-07-20', by: 'tclam/eth' }],
  },
  {
    institutionId: 'eth-zurich',
    incoming: [course('252-0027-00L', 'Introduction to Programming', 7, 'ECTS')],
    mappings: [{ home: ['COMP1021'], status: 'Approved', created: '2025-07-20', by: 'tclam/eth' }],
  },
  {
    institutionId: 'eth-zurich',
    incoming: [course('401-3052-10L', 'Graph Theory', 10, 'ECTS')],
    mappings: [
      {
        home: ['MATH2343'],
        status: 'Need Further Info',
        created: '2025-10-14',
        updated: '2025-11-21',
        reviewerNote: 'Please provide the teaching schedule showing the weekly topics and contact hours.',
        by: 'tclam/eth',
      },
    ],
  },

  // Ng Ka Yan: a new student's on-entry requests, mostly waiting on departments.
  {
    institutionId: hkuSpace,
    incoming: [course('CCMA2001', 'Calculus for Engineers', 3)],
    mappings: [{ home: ['MATH1012'], status: 'Approved', created: '2025-09-08', by: 'kyng/hkuspace' }],
  },
  {
    institutionId: hkuSpace,
    incoming: [course('CCEN1001', 'English for Academic Purposes I', 3)],
    mappings: [{ home: ['LANG1002'], status: 'Approved', created: '2025-09-08', by: 'kyng/hkuspace' }],
  },
  {
    institutionId: hkuSpace,
    incoming: [course('CCEG2003', 'Surveying', 3)],
    mappings: [{ home: ['CIVL2510'], status: 'Under Review', created: '2026-02-16', by: 'kyng/hkuspace' }],
  },
  {
    institutionId: hkuSpace,
    incoming: [course('CCEG2105', 'Engineering Mechanics', 3)],
    mappings: [{ home: ['CIVL2110'], status: 'Under Review', created: '2026-03-03', by: 'kyng/hkuspace' }],
  },
  {
    institutionId: hkuSpace,
    incoming: [course('CCPH2001', 'Physics for Engineers', 3)],
    mappings: [
      { home: ['PHYS1112'], status: 'Request Initiated', created: '2026-05-11', by: 'kyng/hkuspace' },
    ],
  },
];
