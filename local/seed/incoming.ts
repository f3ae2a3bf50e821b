import type { IncomingCourse } from '../../functions/mappings/entities/mapping.js';
import type { HomeCourse } from '../../functions/reference-data/entities/catalog.js';
import { levelOf } from './catalog.js';
import { elsewhereTitles } from './catalog-data.js';
import { disciplineOf } from './course-codes.js';
import type { InstitutionProfile } from './institutions.js';
import type { Prng } from './prng.js';

// Incoming courses: what a student took elsewhere that resembles an HKUST course. One institution
// never reuses a code for two different courses, as the guide's rule "a different code, title, credit
// or unit is a different course" (§4.2) relies on.

const numbered = / (I{1,3}|I[AB])$/;
const prefixed =
  /^(Introduction|Introductory|Fundamentals|Principles|Foundations|Elementary|General|Advanced|Intermediate|Honors|Applied)\b/;

const labSubjects = new Set(['CHEM', 'PHYS', 'LIFS', 'ELEC', 'MECH', 'CIVL', 'ENVR']);

const median = (values: readonly number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 3;

/** A title without its part numeral: "Calculus IB" -> "Calculus". */
export const baseTitle = (title: string): string => title.replace(numbered, '');

function generalTitle(title: string, rng: Prng): string {
  const options: [string, number][] = [[title, 6]];
  // "Principles of Exploring ..." reads wrong: only noun-phrase titles take a prefix.
  const nounPhrase = !/^(\w+ing|A|The)\b/.test(title);
  const plain =
    nounPhrase && !prefixed.test(title) && !numbered.test(title) && !/[:,]|Laboratory|Internship/.test(title);
  if (plain && title.length <= 34) {
    options.push(
      [`Introduction to ${title}`, 2],
      [`Principles of ${title}`, 1],
      [`Fundamentals of ${title}`, 1],
    );
  }
  const intro = /^Introduction to (.+)$/.exec(title)?.[1];
  if (intro) options.push([intro.charAt(0).toUpperCase() + intro.slice(1), 2]);
  return rng.weighted(options);
}

export class IncomingCourseFactory {
  private readonly codesByInstitution = new Map<string, Set<string>>();

  constructor(private readonly rng: Prng) {}

  /** Keeps a hand-written course's code from being issued again at its institution. */
  reserve(institutionId: string, code: string): void {
    this.codesOf(institutionId).add(code);
  }

  /** One incoming course resembling one HKUST course (1-to-1). */
  single(institution: InstitutionProfile, home: HomeCourse): IncomingCourse {
    return {
      code: this.code(institution, home),
      title: this.title(institution, home),
      credits: this.credits(institution, home),
      creditUnit: institution.credits.unit,
    };
  }

  /** A lab or a short course (1-2 HKUST credits) is small elsewhere too. */
  private credits(institution: InstitutionProfile, home: HomeCourse): number {
    const { unit, typical } = institution.credits;
    if (home.credits >= 3) return this.rng.pick(typical);
    const smallUnits = unit === 'CREDIT' || unit === 'UNIT' || unit === 'SEMESTER HOUR';
    return smallUnits && Math.max(...typical) <= 5 ? home.credits : Math.min(...typical);
  }

  /** One course worth two HKUST courses (1-to-N): a full-year or double-weight course. */
  fullYear(institution: InstitutionProfile, first: HomeCourse, second: HomeCourse): IncomingCourse {
    let code = this.code(institution, first);
    const { fullYear } = institution;
    if (fullYear && code.endsWith(fullYear.from)) {
      const yearCode = code.slice(0, -fullYear.from.length) + fullYear.to;
      if (!this.codesOf(institution.institutionId).has(yearCode)) {
        this.codesOf(institution.institutionId).delete(code);
        this.reserve(institution.institutionId, yearCode);
        code = yearCode;
      }
    }
    const a = baseTitle(first.title);
    const b = baseTitle(second.title);
    const title = a === b ? a : `${a} and ${b}`.length <= 60 ? `${a} and ${b}` : first.title;
    return {
      code,
      title,
      credits: 2 * median(institution.credits.typical),
      creditUnit: institution.credits.unit,
    };
  }

  /**
   * Two incoming courses that together match one HKUST course (N-to-1): a lecture and its lab in the
   * lab sciences, otherwise two shorter parts.
   */
  pair(institution: InstitutionProfile, home: HomeCourse): [IncomingCourse, IncomingCourse] {
    const first = this.single(institution, home);
    const second = this.single(institution, home);
    const base = baseTitle(first.title);
    const { unit, typical } = institution.credits;
    const smallUnits = unit === 'CREDIT' || unit === 'UNIT' || unit === 'SEMESTER HOUR';
    if (labSubjects.has(home.subjectArea) && this.rng.chance(0.5)) {
      second.title = `${base} Laboratory`;
      second.credits = smallUnits ? 1 : Math.min(...typical) / 2;
    } else {
      first.title = `${base} I`;
      second.title = `${base} II`;
      // Two parts of one course: each half the usual size where courses are big.
      const part = median(typical) > 3 ? Math.round(median(typical)) / 2 : first.credits;
      first.credits = part;
      second.credits = part;
    }
    return [first, second];
  }

  private title(institution: InstitutionProfile, home: HomeCourse): string {
    const alternatives = elsewhereTitles[home.code];
    const preferOwnName = institution.kind === 'overseas' || institution.kind === 'mainland' ? 0.45 : 0.3;
    if (alternatives && this.rng.chance(preferOwnName)) return this.rng.pick(alternatives);
    return generalTitle(home.title, this.rng);
  }

  private code(institution: InstitutionProfile, home: HomeCourse): string {
    // Sub-degree programmes stop at level 3.
    const level = institution.kind === 'hk-subdegree' ? Math.min(levelOf(home.code), 3) : levelOf(home.code);
    const used = this.codesOf(institution.institutionId);
    for (;;) {
      const code = institution.code(disciplineOf(home), level, this.rng);
      if (!used.has(code)) {
        used.add(code);
        return code;
      }
    }
  }

  private codesOf(institutionId: string): Set<string> {
    let codes = this.codesByInstitution.get(institutionId);
    if (!codes) {
      codes = new Set();
      this.codesByInstitution.set(institutionId, codes);
    }
    return codes;
  }
}
