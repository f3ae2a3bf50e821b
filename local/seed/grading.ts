import type {
  CreditSystem,
  ScaleGrade,
  UctsGrade,
} from '../../functions/conversion/domain/ucts-conversion.js';
import type { InstitutionGrading } from '../../functions/conversion/entities/institution-grading.js';
import type { InstitutionProfile } from './institutions.js';
import { isoAt, seedNow } from './time.js';

// Each seeded institution's grading (docs/ucts-conversion.md "Institutions' grading"): its credit
// system (the unit its courses are counted in, and a full-time semester's load) and its grade scale
// with UCTS equivalents, best first, as its transcripts write the grades. Version 1, published by
// the seed, so a Conversion Preview works on every institution of the local system.

type Scale = { id: string; grades: readonly ScaleGrade[] };
const scale = (id: string, grades: [string, UctsGrade][]): Scale => ({
  id,
  grades: grades.map(([grade, ucts]) => ({ grade, ucts })),
});

/** A US 4.0 letter scale, with A+ where the institution awards it. */
const usLetters = (id: string, aPlus = false) =>
  scale(id, [
    ...(aPlus ? ([['A+', 'A']] as [string, UctsGrade][]) : []),
    ['A', 'A'],
    ['A-', 'B'],
    ['B+', 'B'],
    ['B', 'C'],
    ['B-', 'C'],
    ['C+', 'D'],
    ['C', 'D'],
    ['C-', 'E'],
    ['D+', 'E'],
    ['D', 'E'],
    ['D-', 'E'],
    ['F', 'F'],
  ]);

/** Hong Kong's letter grades (A+ to D pass, F fail). */
const hkLetters = (id: string, aPlus = true) =>
  scale(id, [
    ...(aPlus ? ([['A+', 'A']] as [string, UctsGrade][]) : []),
    ['A', 'A'],
    ['A-', 'B'],
    ['B+', 'B'],
    ['B', 'C'],
    ['B-', 'C'],
    ['C+', 'D'],
    ['C', 'D'],
    ['C-', 'E'],
    ['D+', 'E'],
    ['D', 'E'],
    ['F', 'F'],
  ]);

/** A percentage mark, 100 down to 0, by the bands given (the lowest mark of each UCTS grade). */
function percentage(id: string, bands: Record<UctsGrade, number>): Scale {
  const order: UctsGrade[] = ['A', 'B', 'C', 'D', 'E', 'FX', 'F'];
  return scale(
    id,
    Array.from({ length: 101 }, (_, i) => {
      const mark = 100 - i;
      return [String(mark), order.find((g) => mark >= bands[g]) ?? 'F'];
    }),
  );
}

const chinaPercent = (id: string) => percentage(id, { A: 90, B: 80, C: 70, D: 65, E: 60, FX: 50, F: 0 });
const ukPercent = (id: string) => percentage(id, { A: 70, B: 60, C: 50, D: 45, E: 40, FX: 35, F: 0 });
const canadaPercent = (id: string) => percentage(id, { A: 85, B: 76, C: 68, D: 60, E: 50, FX: 40, F: 0 });

const koreaLetters = (id: string) =>
  scale(id, [
    ['A+', 'A'],
    ['A0', 'A'],
    ['A-', 'B'],
    ['B+', 'B'],
    ['B0', 'C'],
    ['B-', 'C'],
    ['C+', 'D'],
    ['C0', 'D'],
    ['C-', 'E'],
    ['D+', 'E'],
    ['D0', 'E'],
    ['D-', 'E'],
    ['F', 'F'],
  ]);

const singaporeLetters = (id: string) =>
  scale(id, [
    ['A+', 'A'],
    ['A', 'A'],
    ['A-', 'B'],
    ['B+', 'B'],
    ['B', 'C'],
    ['B-', 'C'],
    ['C+', 'D'],
    ['C', 'D'],
    ['D+', 'E'],
    ['D', 'E'],
    ['F', 'F'],
  ]);

/** The ECTS grades themselves (Sweden, and the UCTS grades of a UMAP member). */
const ectsLetters = (id: string) =>
  scale(id, [
    ['A', 'A'],
    ['B', 'B'],
    ['C', 'C'],
    ['D', 'D'],
    ['E', 'E'],
    ['FX', 'FX'],
    ['F', 'F'],
  ]);

const semester = (name: string, unit: CreditSystem['unit'], creditsPerSemester: number): CreditSystem => ({
  name,
  unit,
  creditsPerSemester,
});

const ects = (name: string) => semester(`${name} ECTS credits`, 'ECTS', 30);

const gradingOf: Record<string, { creditSystem: CreditSystem; gradeScale: Scale }> = {
  // Hong Kong sub-degree and universities: 30 credits (or units) a year, 15 a semester.
  'polyu-hong-kong-community-college': {
    // The guide's own HKCC course is "CCN3129 Thermofluids (3 unit)": credit and unit alike.
    creditSystem: { ...semester('HKCC credits', 'CREDIT', 15), alsoWrittenAs: ['UNIT'] },
    gradeScale: hkLetters('HKCC-LETTER'),
  },
  'hku-space-community-college': {
    creditSystem: semester('HKU SPACE CC credits', 'CREDIT', 15),
    gradeScale: hkLetters('HKUSPACE-CC-LETTER'),
  },
  'community-college-of-city-university': {
    creditSystem: semester('CCCU credits', 'CREDIT', 15),
    gradeScale: hkLetters('CCCU-LETTER'),
  },
  'hkbu-college-of-international-education': {
    creditSystem: semester('CIE units', 'UNIT', 15),
    gradeScale: hkLetters('HKBU-CIE-LETTER'),
  },
  'cuhk-school-of-continuing-and-professional-studies': {
    creditSystem: semester('CUSCS credits', 'CREDIT', 15),
    gradeScale: hkLetters('CUSCS-LETTER', false),
  },
  'polyu-school-of-professional-education-and-executive-development': {
    creditSystem: semester('SPEED credits', 'CREDIT', 15),
    gradeScale: hkLetters('SPEED-LETTER'),
  },
  'technological-and-higher-education-institute-of-hong-kong': {
    creditSystem: semester('THEi credits', 'CREDIT', 15),
    gradeScale: hkLetters('THEI-LETTER'),
  },
  'the-chinese-university-of-hong-kong': {
    creditSystem: semester('CUHK units', 'UNIT', 15),
    gradeScale: hkLetters('CUHK-LETTER', false),
  },
  // HKU: 60 credits a year, 6-credit courses.
  'the-university-of-hong-kong': {
    creditSystem: semester('HKU credits', 'CREDIT', 30),
    gradeScale: hkLetters('HKU-LETTER'),
  },
  'the-hong-kong-polytechnic-university': {
    creditSystem: semester('PolyU credits', 'CREDIT', 15),
    gradeScale: hkLetters('POLYU-LETTER'),
  },
  'city-university-of-hong-kong': {
    creditSystem: semester('CityU credit units', 'CREDIT', 15),
    gradeScale: hkLetters('CITYU-LETTER'),
  },
  // HKMU: 60 credits a year, 5- and 10-credit courses.
  'hong-kong-metropolitan-university': {
    creditSystem: semester('HKMU credits', 'CREDIT', 30),
    gradeScale: hkLetters('HKMU-LETTER', false),
  },
  // Mainland China: about 20 credits a semester; marks out of 100 (Tsinghua: letters).
  'beijing-institute-of-technology': {
    creditSystem: semester('BIT credits', 'CREDIT', 20),
    gradeScale: chinaPercent('BIT-PERCENT'),
  },
  'tsinghua-university': {
    creditSystem: semester('Tsinghua credits', 'CREDIT', 20),
    gradeScale: scale('TSINGHUA-LETTER', [
      ['A+', 'A'],
      ['A', 'A'],
      ['A-', 'B'],
      ['B+', 'B'],
      ['B', 'C'],
      ['B-', 'C'],
      ['C+', 'D'],
      ['C', 'D'],
      ['C-', 'E'],
      ['D+', 'E'],
      ['D', 'E'],
      ['F', 'F'],
    ]),
  },
  'peking-university': {
    creditSystem: semester('PKU credits', 'CREDIT', 20),
    gradeScale: chinaPercent('PKU-PERCENT'),
  },
  'fudan-university': {
    creditSystem: semester('Fudan credits', 'CREDIT', 20),
    gradeScale: chinaPercent('FUDAN-PERCENT'),
  },
  'shanghai-jiao-tong-university': {
    creditSystem: semester('SJTU credits', 'CREDIT', 20),
    gradeScale: chinaPercent('SJTU-PERCENT'),
  },
  'zhejiang-university': {
    creditSystem: semester('ZJU credits', 'CREDIT', 20),
    gradeScale: chinaPercent('ZJU-PERCENT'),
  },
  // United States: semester credit hours, 4.0 letter scales (Washington: quarters, a decimal scale).
  'boston-university': {
    creditSystem: semester('BU credits', 'CREDIT', 16),
    gradeScale: usLetters('BU-LETTER'),
  },
  'university-of-california-berkeley': {
    creditSystem: semester('UC Berkeley semester units', 'UNIT', 15),
    gradeScale: usLetters('UCB-LETTER', true),
  },
  'university-of-illinois-urbana-champaign': {
    creditSystem: semester('UIUC semester hours', 'SEMESTER HOUR', 15),
    gradeScale: usLetters('UIUC-LETTER', true),
  },
  // 45 quarter credits a year: 22.5 for a semester's workload.
  'university-of-washington': {
    creditSystem: semester('UW quarter credits (45 a year)', 'CREDIT', 22.5),
    gradeScale: scale(
      'UW-DECIMAL',
      Array.from({ length: 34 }, (_, i): [string, UctsGrade] => {
        const points = 40 - i; // 4.0 down to 0.7
        const ucts: UctsGrade =
          points >= 39 ? 'A' : points >= 35 ? 'B' : points >= 30 ? 'C' : points >= 20 ? 'D' : 'E';
        return [(points / 10).toFixed(1), ucts];
      }).concat([['0.0', 'F']]),
    ),
  },
  'university-of-michigan': {
    creditSystem: semester('Michigan credit hours', 'CREDIT', 15),
    gradeScale: usLetters('UMICH-LETTER', true),
  },
  // Canada: Toronto counts a half-year course 0.5 (2.5 a semester); UBC marks in percent.
  'university-of-toronto': {
    creditSystem: semester('U of T credits', 'CREDIT', 2.5),
    gradeScale: usLetters('UOFT-LETTER', true),
  },
  'university-of-british-columbia': {
    creditSystem: semester('UBC credits', 'CREDIT', 15),
    gradeScale: canadaPercent('UBC-PERCENT'),
  },
  'mcgill-university': {
    creditSystem: semester('McGill credits', 'CREDIT', 15),
    gradeScale: scale('MCGILL-LETTER', [
      ['A', 'A'],
      ['A-', 'B'],
      ['B+', 'B'],
      ['B', 'C'],
      ['B-', 'C'],
      ['C+', 'D'],
      ['C', 'E'],
      ['D', 'E'],
      ['F', 'F'],
    ]),
  },
  // Europe: ECTS, 30 a semester, on each country's own scale.
  'eth-zurich': {
    creditSystem: ects('ETH'),
    gradeScale: scale(
      'ETH-6',
      Array.from({ length: 21 }, (_, i): [string, UctsGrade] => {
        const mark = 6 - i * 0.25; // 6 down to 1
        const ucts: UctsGrade =
          mark >= 5.75
            ? 'A'
            : mark >= 5.25
              ? 'B'
              : mark >= 4.75
                ? 'C'
                : mark >= 4.25
                  ? 'D'
                  : mark >= 4
                    ? 'E'
                    : mark >= 3.5
                      ? 'FX'
                      : 'F';
        return [String(mark), ucts];
      }),
    ),
  },
  'kth-royal-institute-of-technology': { creditSystem: ects('KTH'), gradeScale: ectsLetters('KTH-ECTS') },
  'technical-university-of-munich': {
    creditSystem: ects('TUM'),
    gradeScale: scale('TUM-GERMAN', [
      ['1.0', 'A'],
      ['1.3', 'A'],
      ['1.7', 'B'],
      ['2.0', 'B'],
      ['2.3', 'C'],
      ['2.7', 'C'],
      ['3.0', 'D'],
      ['3.3', 'D'],
      ['3.7', 'E'],
      ['4.0', 'E'],
      ['4.3', 'FX'],
      ['4.7', 'F'],
      ['5.0', 'F'],
    ]),
  },
  'delft-university-of-technology': {
    creditSystem: ects('TU Delft'),
    gradeScale: scale(
      'TUDELFT-10',
      Array.from({ length: 19 }, (_, i): [string, UctsGrade] => {
        const mark = 10 - i * 0.5; // 10 down to 1
        const ucts: UctsGrade =
          mark >= 9
            ? 'A'
            : mark >= 8
              ? 'B'
              : mark >= 7
                ? 'C'
                : mark >= 6.5
                  ? 'D'
                  : mark >= 6
                    ? 'E'
                    : mark >= 5
                      ? 'FX'
                      : 'F';
        return [String(mark), ucts];
      }),
    ),
  },
  'copenhagen-business-school': {
    creditSystem: ects('CBS'),
    gradeScale: scale('DK-7-POINT', [
      ['12', 'A'],
      ['10', 'B'],
      ['7', 'C'],
      ['4', 'D'],
      ['02', 'E'],
      ['00', 'FX'],
      ['-3', 'F'],
    ]),
  },
  'bocconi-university': {
    creditSystem: ects('Bocconi'),
    gradeScale: scale('IT-30', [
      ['30 e lode', 'A'],
      ...Array.from({ length: 13 }, (_, i): [string, UctsGrade] => {
        const mark = 30 - i; // 30 down to 18
        return [
          String(mark),
          mark >= 29 ? 'A' : mark >= 27 ? 'B' : mark >= 24 ? 'C' : mark >= 21 ? 'D' : 'E',
        ];
      }),
      ['Insufficiente', 'F'],
    ]),
  },
  'sciences-po': {
    creditSystem: ects('Sciences Po'),
    gradeScale: scale(
      'FR-20',
      Array.from({ length: 21 }, (_, i): [string, UctsGrade] => {
        const mark = 20 - i;
        return [
          String(mark),
          mark >= 16
            ? 'A'
            : mark >= 14
              ? 'B'
              : mark >= 12
                ? 'C'
                : mark >= 11
                  ? 'D'
                  : mark >= 10
                    ? 'E'
                    : mark >= 8
                      ? 'FX'
                      : 'F',
        ];
      }),
    ),
  },
  // United Kingdom: 120 credits a year, marks in percent (Edinburgh: its letter bands).
  'university-of-manchester': {
    creditSystem: semester('UK credits (120 a year)', 'CREDIT', 60),
    gradeScale: ukPercent('MANCHESTER-PERCENT'),
  },
  'university-college-london': {
    creditSystem: semester('UK credits (120 a year)', 'CREDIT', 60),
    gradeScale: ukPercent('UCL-PERCENT'),
  },
  'university-of-edinburgh': {
    creditSystem: semester('SCQF credits (120 a year)', 'CREDIT', 60),
    gradeScale: scale('EDINBURGH-BANDS', [
      ['A1', 'A'],
      ['A2', 'A'],
      ['A3', 'A'],
      ['B', 'B'],
      ['C', 'C'],
      ['D', 'E'],
      ['E', 'FX'],
      ['F', 'F'],
      ['G', 'F'],
      ['H', 'F'],
    ]),
  },
  // Asia.
  'national-university-of-singapore': {
    creditSystem: semester('NUS units', 'UNIT', 20),
    gradeScale: singaporeLetters('NUS-LETTER'),
  },
  'nanyang-technological-university': {
    creditSystem: semester('NTU academic units', 'UNIT', 18),
    gradeScale: singaporeLetters('NTU-LETTER'),
  },
  'seoul-national-university': {
    creditSystem: semester('SNU credits', 'CREDIT', 18),
    gradeScale: koreaLetters('SNU-LETTER'),
  },
  'korea-advanced-institute-of-science-and-technology': {
    creditSystem: semester('KAIST credits', 'CREDIT', 18),
    gradeScale: koreaLetters('KAIST-LETTER'),
  },
  'yonsei-university': {
    creditSystem: semester('Yonsei credits', 'CREDIT', 18),
    gradeScale: koreaLetters('YONSEI-LETTER'),
  },
  'the-university-of-tokyo': {
    creditSystem: semester('UTokyo credits', 'CREDIT', 20),
    gradeScale: scale('UTOKYO-LETTER', [
      ['S', 'A'],
      ['A', 'B'],
      ['B', 'C'],
      ['C', 'E'],
      ['D', 'F'],
    ]),
  },
  'kyoto-university': {
    creditSystem: semester('Kyoto credits', 'CREDIT', 20),
    gradeScale: scale('KYOTO-LETTER', [
      ['A+', 'A'],
      ['A', 'B'],
      ['B', 'C'],
      ['C', 'E'],
      ['F', 'F'],
    ]),
  },
  'national-taiwan-university': {
    creditSystem: semester('NTU credits', 'CREDIT', 18),
    gradeScale: hkLetters('NTU-TW-LETTER'),
  },
  // Australia: Melbourne 100 points a year; UNSW 48 units of credit; Sydney 48 credit points.
  'university-of-melbourne': {
    creditSystem: semester('Melbourne credit points', 'CREDIT POINT', 50),
    gradeScale: scale('MELBOURNE-H', [
      ['H1', 'A'],
      ['H2A', 'B'],
      ['H2B', 'C'],
      ['H3', 'D'],
      ['P', 'E'],
      ['N', 'F'],
    ]),
  },
  'unsw-sydney': {
    creditSystem: semester('UNSW units of credit', 'UNIT', 24),
    gradeScale: scale('UNSW-HD', [
      ['HD', 'A'],
      ['DN', 'B'],
      ['CR', 'C'],
      ['PS', 'E'],
      ['FL', 'F'],
    ]),
  },
  'the-university-of-sydney': {
    creditSystem: semester('Sydney credit points', 'CREDIT POINT', 24),
    gradeScale: scale('SYDNEY-HD', [
      ['HD', 'A'],
      ['D', 'B'],
      ['CR', 'C'],
      ['P', 'E'],
      ['F', 'F'],
    ]),
  },
  // A UMAP member counting in UCTS points itself.
  'chulalongkorn-university': {
    creditSystem: semester('UCTS points', 'UCTS', 30),
    gradeScale: scale('CU-LETTER', [
      ['A', 'A'],
      ['B+', 'B'],
      ['B', 'C'],
      ['C+', 'C'],
      ['C', 'D'],
      ['D+', 'E'],
      ['D', 'E'],
      ['F', 'F'],
    ]),
  },
};

/** Version 1 of every seeded institution's grading; one with no entry above would fail the seed test. */
export function seedGradings(
  institutions: readonly Pick<InstitutionProfile, 'institutionId'>[],
): InstitutionGrading[] {
  return institutions.flatMap(({ institutionId }) => {
    const grading = gradingOf[institutionId];
    if (!grading) return [];
    return [
      {
        institutionId,
        version: 1,
        creditSystem: grading.creditSystem,
        gradeScale: { id: grading.gradeScale.id, version: '1', grades: [...grading.gradeScale.grades] },
        publishedBy: 'seed',
        publishedAt: isoAt(seedNow),
      },
    ];
  });
}
