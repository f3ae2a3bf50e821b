import type { HomeCourse } from '../../functions/reference-data/entities/catalog.js';
import type { Prng } from './prng.js';

// Incoming course codes look like each institution's own (CCN2046 at PolyU HKCC, CSC148H1 at Toronto,
// 252-0027-00L at ETH), so the search pages show what students really type in.

export const disciplines = [
  'acc',
  'fin',
  'mkt',
  'mgt',
  'is',
  'stat',
  'eco',
  'cs',
  'ee',
  'me',
  'civ',
  'env',
  'math',
  'phy',
  'chem',
  'bio',
  'music',
  'chin',
  'phil',
  'hist',
  'hum',
  'psy',
  'soc',
  'pol',
  'eng',
  'jpn',
  'fre',
  'ger',
  'spa',
  'kor',
] as const;
export type Discipline = (typeof disciplines)[number];

/** The department elsewhere that would teach what this HKUST course teaches. */
export function disciplineOf(course: Pick<HomeCourse, 'subjectArea' | 'title'>): Discipline {
  const t = course.title;
  switch (course.subjectArea) {
    case 'ACCT':
      return 'acc';
    case 'FINA':
      return 'fin';
    case 'MARK':
      return 'mkt';
    case 'MGMT':
      return 'mgt';
    case 'ISOM':
      return /Statist|Forecast|Analytics/.test(t) ? 'stat' : 'is';
    case 'ECON':
      return 'eco';
    case 'COMP':
      return 'cs';
    case 'ELEC':
      return 'ee';
    case 'MECH':
      return 'me';
    case 'CIVL':
      return 'civ';
    case 'ENVR':
      return 'env';
    case 'MATH':
      return /Statist|Probab|Regression|Data/.test(t) ? 'stat' : 'math';
    case 'PHYS':
      return 'phy';
    case 'CHEM':
      return 'chem';
    case 'LIFS':
      return 'bio';
    case 'HUMA':
      if (/Music/.test(t)) return 'music';
      if (/Chin/.test(t)) return 'chin';
      if (/Philosoph|Ethic|Logic|Critical/.test(t)) return 'phil';
      if (/History|Modern China/.test(t)) return 'hist';
      return 'hum';
    case 'SOSC':
      if (/Psycholog|Mind/.test(t)) return 'psy';
      if (/Politic|Policy|International/.test(t)) return 'pol';
      return 'soc';
    case 'LANG':
      if (/Japanese/.test(t)) return 'jpn';
      if (/French/.test(t)) return 'fre';
      if (/German/.test(t)) return 'ger';
      if (/Spanish/.test(t)) return 'spa';
      if (/Korean/.test(t)) return 'kor';
      if (/Putonghua/.test(t)) return 'chin';
      return 'eng';
    default:
      return 'hum';
  }
}

export type PrefixTable = Record<Discipline, string>;

/** North American style subject prefixes. */
export const usPrefixes: PrefixTable = {
  acc: 'ACCT',
  fin: 'FIN',
  mkt: 'MKTG',
  mgt: 'MGMT',
  is: 'INFO',
  stat: 'STAT',
  eco: 'ECON',
  cs: 'CS',
  ee: 'EE',
  me: 'ME',
  civ: 'CE',
  env: 'ENVS',
  math: 'MATH',
  phy: 'PHYS',
  chem: 'CHEM',
  bio: 'BIOL',
  music: 'MUS',
  chin: 'CHIN',
  phil: 'PHIL',
  hist: 'HIST',
  hum: 'HUM',
  psy: 'PSYC',
  soc: 'SOC',
  pol: 'POLS',
  eng: 'ENGL',
  jpn: 'JAPN',
  fre: 'FREN',
  ger: 'GERM',
  spa: 'SPAN',
  kor: 'KORE',
};

/** Four-letter prefixes, as Hong Kong and many Asian universities use. */
export const fourLetterPrefixes: PrefixTable = {
  ...usPrefixes,
  fin: 'FINA',
  mgt: 'MGNT',
  is: 'ISYS',
  cs: 'COMP',
  ee: 'ELEC',
  me: 'MECH',
  civ: 'CIVL',
  music: 'MUSI',
  hum: 'HUMN',
  soc: 'SOCI',
};

export type CodeStyle = (discipline: Discipline, level: number, rng: Prng) => string;

const table = (overrides: Partial<PrefixTable>, base: PrefixTable): PrefixTable => ({
  ...base,
  ...overrides,
});

/** PREFIX + level + digits: COMP1117, CS2040, SF1625. */
export function compact(
  overrides: Partial<PrefixTable> = {},
  base = fourLetterPrefixes,
  digits = 3,
): CodeStyle {
  const prefixes = table(overrides, base);
  return (d, level, rng) => `${prefixes[d]}${level}${rng.digits(digits)}`;
}

/** PREFIX level+2 digits, spaced: CS 225, CAS EC 202. */
export function spaced(overrides: Partial<PrefixTable> = {}, base = usPrefixes): CodeStyle {
  const prefixes = table(overrides, base);
  return (d, level, rng) => `${prefixes[d]} ${level}${rng.digits(2)}`;
}

/** UC numbering: lower division below 100, upper division 100-199 (COMPSCI 61B, ECON 100B). */
export function ucNumbering(overrides: Partial<PrefixTable>): CodeStyle {
  const prefixes = table(overrides, usPrefixes);
  return (d, level, rng) => {
    const n = level <= 2 ? rng.int(1, 99) : rng.int(100, 199);
    return `${prefixes[d]} ${n}${rng.chance(0.25) ? rng.pick(['A', 'B', 'C']) : ''}`;
  };
}

/** University of Toronto half-courses: CSC148H1 (a full-year course is Y1). */
export function toronto(overrides: Partial<PrefixTable>): CodeStyle {
  const prefixes = table(overrides, usPrefixes);
  return (d, level, rng) => `${prefixes[d]}${level}${rng.digits(2)}H1`;
}

/** Melbourne subjects: COMP20003. */
export function melbourne(overrides: Partial<PrefixTable>): CodeStyle {
  const prefixes = table(overrides, fourLetterPrefixes);
  return (d, level, rng) => `${prefixes[d]}${level}0${rng.digits(3)}`;
}

/** UK course units: COMP15111 (Manchester), COMP0002 (UCL), INFR08025 (Edinburgh, by SCQF level). */
export function ukUnits(
  overrides: Partial<PrefixTable>,
  scheme: 'manchester' | 'ucl' | 'edinburgh',
): CodeStyle {
  const prefixes = table(overrides, fourLetterPrefixes);
  return (d, level, rng) => {
    const p = prefixes[d];
    if (scheme === 'manchester') return `${p}${level}${rng.digits(4)}`;
    if (scheme === 'ucl') return `${p}0${rng.digits(3)}`;
    return `${p}${String(7 + level).padStart(2, '0')}${rng.digits(3)}`;
  };
}

/** Numbered departments: ETH "252-0027-00L", SNU "4190.310", KAIST "CS.20004". */
export function numberedDepartments(
  departments: Partial<Record<Discipline, string>>,
  fallback: string,
  scheme: 'eth' | 'snu' | 'kaist',
): CodeStyle {
  return (d, level, rng) => {
    const dept = departments[d] ?? fallback;
    if (scheme === 'eth') return `${dept}-${level - 1}${rng.digits(3)}-00L`;
    if (scheme === 'snu') return `${dept}.${level}${rng.digits(2)}`;
    return `${dept}.${level}0${rng.digits(3)}`;
  };
}

/** Mainland Chinese universities number courses: an 8-digit code starting with the school's number. */
export function numeric(school: string): CodeStyle {
  return (_d, level, rng) => `${school}${level}${rng.digits(7 - school.length)}`;
}

/** PolyU HKCC: CCN2046, SEHH2320 whatever the discipline. */
export const hkcc: CodeStyle = (_d, level, rng) =>
  `${rng.pick(['CCN', 'CCN', 'SEHH'])}${level}${rng.digits(3)}`;

/** Community College of City University: CC2205. */
export const cityuCommunityCollege: CodeStyle = (_d, level, rng) => `CC${level}${rng.digits(3)}`;

/** HKU SPACE Community College: CC + a two-letter programme area, e.g. CCLC1206. */
export const hkuSpace: CodeStyle = compact(
  {
    acc: 'CCAC',
    fin: 'CCFN',
    mkt: 'CCMK',
    mgt: 'CCBU',
    is: 'CCIT',
    stat: 'CCST',
    eco: 'CCEC',
    cs: 'CCIT',
    ee: 'CCEG',
    me: 'CCEG',
    civ: 'CCEG',
    env: 'CCES',
    math: 'CCMA',
    phy: 'CCPH',
    chem: 'CCCH',
    bio: 'CCBI',
    music: 'CCHU',
    chin: 'CCLC',
    phil: 'CCHU',
    hist: 'CCHU',
    hum: 'CCHU',
    psy: 'CCPS',
    soc: 'CCSS',
    pol: 'CCSS',
    eng: 'CCEN',
    jpn: 'CCLM',
    fre: 'CCLM',
    ger: 'CCLM',
    spa: 'CCLM',
    kor: 'CCLM',
  },
  fourLetterPrefixes,
);
