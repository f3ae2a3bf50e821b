// The demo users of the local sign-in picker. Plain data with no imports, so the sign-in page and the
// tests can load it without building the seed. Their records and requests are in scenario.ts; the
// descriptions say what each one is good for demonstrating (a unit test keeps them truthful).

export interface DemoStudent {
  kind: 'student';
  studentId: string;
  name: string;
  email: string;
  description: string;
}

export interface DemoAroStaff {
  kind: 'aro';
  staffId: string;
  name: string;
  email: string;
  description: string;
}

/** Staff of an office that provisions study records: URAO (§3.1.1) or OGL (§3.2, §3.3). */
export interface DemoOfficeStaff {
  kind: 'records-office';
  office: 'URAO' | 'OGL';
  staffId: string;
  name: string;
  email: string;
  description: string;
}

export const demoStudents: readonly DemoStudent[] = [
  {
    kind: 'student',
    studentId: '20853127',
    name: 'Chan Ka Ming',
    email: 'kmchan@connect.ust.hk',
    description: '3 study records, a Need Further Info request at Boston University',
  },
  {
    kind: 'student',
    studentId: '20912840',
    name: 'Wong Hoi Yan',
    email: 'hywong@connect.ust.hk',
    description: '2 study records, a Denied mapping to appeal, exchange coming up at Toronto',
  },
  {
    kind: 'student',
    studentId: '20835519',
    name: 'Lee Chi Hang',
    email: 'chlee@connect.ust.hk',
    description: '2 study records, KTH exchange with every mapping decided',
  },
  {
    kind: 'student',
    studentId: '20907361',
    name: 'Ho Wing Sze',
    email: 'wsho@connect.ust.hk',
    description: '2 study records, Need Further Info on B011240-02 (guide §4.4)',
  },
  {
    kind: 'student',
    studentId: '20781246',
    name: 'Cheung Man Ki',
    email: 'mkcheung@connect.ust.hk',
    description: '2 study records, final year: NUS exchange and a Berkeley summer, one mapping Expired',
  },
  {
    kind: 'student',
    studentId: '20796603',
    name: 'Lam Tsz Ching',
    email: 'tclam@connect.ust.hk',
    description: '1 study record, ETH Zurich exchange with an N-to-N mapping Under Review',
  },
  {
    kind: 'student',
    studentId: '21038852',
    name: 'Ng Ka Yan',
    email: 'kyng@connect.ust.hk',
    description: '1 study record, Year 1 with on-entry requests awaiting department review',
  },
  {
    kind: 'student',
    studentId: '21041179',
    name: 'Tam Wai Lun',
    email: 'wltam@connect.ust.hk',
    description: '0 study records: a new student',
  },
];

export const demoAroStaff: readonly DemoAroStaff[] = [
  {
    kind: 'aro',
    staffId: 'aro-001',
    name: 'Winnie Lau',
    email: 'winnie.lau@ust.hk',
    description: 'Credit Transfer and Graduation Team, Academic Registry',
  },
  {
    kind: 'aro',
    staffId: 'aro-002',
    name: 'Kenneth Yip',
    email: 'kenneth.yip@ust.hk',
    description: 'Credit Transfer and Graduation Team, Academic Registry',
  },
];

export const demoOfficeStaff: readonly DemoOfficeStaff[] = [
  {
    kind: 'records-office',
    office: 'URAO',
    staffId: 'urao-001',
    name: 'Agnes Poon',
    email: 'agnes.poon@ust.hk',
    description:
      'Undergraduate Recruitment and Admissions Office: on-entry records of disclosed qualifications',
  },
  {
    kind: 'records-office',
    office: 'OGL',
    staffId: 'ogl-001',
    name: 'Marco Tse',
    email: 'marco.tse@ust.hk',
    description: 'Office of Global Learning: HKUST-organized and pre-approved self-arranged study abroad',
  },
];

/** A demo student by id; a typo in a test or script fails loudly rather than signing in as nobody. */
export function demoStudent(studentId: string): DemoStudent {
  const found = demoStudents.find((s) => s.studentId === studentId);
  if (!found) throw new Error(`The seed has no demo student ${studentId}`);
  return found;
}
