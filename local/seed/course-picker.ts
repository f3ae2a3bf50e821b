import type { HomeCourse } from '../../functions/reference-data/entities/catalog.js';
import { buildHomeCatalog, isLevelCourse, levelOf } from './catalog.js';
import { disciplineOf } from './course-codes.js';
import type { InstitutionProfile } from './institutions.js';
import type { Prng } from './prng.js';

// Which HKUST courses students map to, and how they re-map: the rules the seed and the search
// benchmark share, so both databases have the same shape (and the same word frequencies).

const commonOnEntry = new Set(['HUMA', 'SOSC', 'LANG', 'MATH', 'ECON', 'ACCT', 'FINA', 'LIFS']);

export class CoursePicker {
  readonly catalog = buildHomeCatalog();
  private readonly courseByCode = new Map(this.catalog.map((c) => [c.code, c]));
  private readonly coursesBySubject = Map.groupBy(
    this.catalog.filter((c) => !isLevelCourse(c.code)),
    (c) => c.subjectArea,
  );

  constructor(private readonly rng: Prng) {}

  home(code: string): HomeCourse {
    const course = this.courseByCode.get(code);
    if (!course) throw new Error(`No HKUST course ${code} in the seeded catalog`);
    return course;
  }

  subject(institution: InstitutionProfile): string {
    const weights = [...this.coursesBySubject].map(([subject, courses]) => {
      let w = courses.length;
      if (institution.focus.includes(subject)) w *= 3;
      else if (institution.specialist) w *= 0.1;
      if (institution.kind === 'hk-subdegree' && commonOnEntry.has(subject)) w *= 1.6;
      return [subject, w] as const;
    });
    return this.rng.weighted(weights);
  }

  course(subject: string, institution: InstitutionProfile): HomeCourse {
    const courses = this.coursesBySubject.get(subject) ?? [];
    // On Entry brings in lower-level courses; exchanges span the years.
    const byLevel = institution.kind === 'hk-subdegree' ? [0, 4, 3, 1, 0.3] : [0, 1.5, 3, 3, 2];
    return this.rng.weighted(courses.map((c) => [c, byLevel[levelOf(c.code)] ?? 1] as const));
  }

  /** The next course of the same level and discipline: the second half of a sequence. */
  sequelOf(course: HomeCourse): HomeCourse | undefined {
    const courses = this.coursesBySubject.get(course.subjectArea) ?? [];
    const next = courses[courses.indexOf(course) + 1];
    const related =
      next && levelOf(next.code) === levelOf(course.code) && disciplineOf(next) === disciplineOf(course);
    return related ? next : undefined;
  }

  /**
   * Another HKUST course a student might map the same incoming course to (guide §4.5): one the anchor
   * excludes (same content), the subject's level course, or a neighbour in the catalog (loosely related).
   */
  remapTarget(group: {
    anchor: HomeCourse;
    mappings: { homeCourses: { code: string }[] }[];
  }): { course: HomeCourse; loose: boolean } | undefined {
    const mapped = new Set(group.mappings.flatMap((m) => m.homeCourses.map((c) => c.code)));
    const { anchor } = group;
    const excluded = anchor.exclusions.filter((code) => !mapped.has(code)).map((code) => this.home(code));
    if (excluded.length > 0 && this.rng.chance(0.5)) return { course: this.rng.pick(excluded), loose: false };
    const levelCourse = this.courseByCode.get(`${anchor.subjectArea}${levelOf(anchor.code)}000LEVEL`);
    if (levelCourse && !mapped.has(levelCourse.code) && this.rng.chance(0.5))
      return { course: levelCourse, loose: false };
    const courses = this.coursesBySubject.get(anchor.subjectArea) ?? [];
    const at = courses.indexOf(anchor);
    const neighbours = courses.slice(Math.max(0, at - 2), at + 3).filter((c) => !mapped.has(c.code));
    return neighbours.length > 0 ? { course: this.rng.pick(neighbours), loose: true } : undefined;
  }
}
