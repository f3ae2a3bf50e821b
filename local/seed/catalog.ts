import type { MappedHomeCourse } from '../../functions/mappings/entities/mapping.js';
import type { HomeCourse } from '../../functions/reference-data/entities/catalog.js';
import { courseRows, exclusionSets, subjectAreaNames } from './catalog-data.js';

// Turns the catalog tables into HomeCourses: subject area from the code, exclusions made symmetric.

const codePattern = /^([A-Z]{4})(\d{4}|\d000LEVEL)$/;

export const isLevelCourse = (code: string): boolean => code.endsWith('LEVEL');

export function buildHomeCatalog(): HomeCourse[] {
  const exclusions = new Map<string, Set<string>>();
  const known = new Set(courseRows.map(([code]) => code));
  for (const set of exclusionSets) {
    for (const code of set) {
      if (!known.has(code)) throw new Error(`Exclusion names ${code}, which is not in the catalog`);
      const others = exclusions.get(code) ?? new Set<string>();
      for (const other of set) if (other !== code) others.add(other);
      exclusions.set(code, others);
    }
  }

  const seen = new Set<string>();
  return courseRows.map(([code, title, credits]) => {
    const match = codePattern.exec(code);
    const subjectArea = match?.[1];
    if (!subjectArea || !(subjectArea in subjectAreaNames)) throw new Error(`Bad home course code ${code}`);
    if (seen.has(code)) throw new Error(`Home course ${code} is listed twice`);
    seen.add(code);
    return { code, subjectArea, title, credits, exclusions: [...(exclusions.get(code) ?? [])].sort() };
  });
}

/** A mapping's copy of a home course. */
export const asMappedCourse = (c: HomeCourse): MappedHomeCourse => ({
  code: c.code,
  title: c.title,
  credits: c.credits,
  subjectArea: c.subjectArea,
});

/** The level digit of a course code: 1 for HUMA1103 and HUMA1000LEVEL. */
export const levelOf = (code: string): number => Number(code.charAt(4));
