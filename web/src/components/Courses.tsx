import type { HomeCourse, IncomingCourse, MappedHomeCourse } from '../contracts';

// How the guide writes courses: incoming ones with their own credit unit, "CCN2046 Music and Human
// (3 CREDIT)", and HKUST ones in HKUST credits, "HUMA1103 Understanding Music (3 CR)".

const credits = (n: number): string => String(n);

export const incomingCourseText = (c: IncomingCourse): string =>
  `${c.code} ${c.title} (${credits(c.credits)} ${c.creditUnit})`;

export const homeCourseText = (c: Pick<MappedHomeCourse, 'code' | 'title' | 'credits'>): string =>
  `${c.code} ${c.title} (${credits(c.credits)} CR)`;

/** The picker's wording for a chosen HKUST course: "Understanding Music (HUMA1103) 3 credit(s)". */
export const chosenHomeCourseText = (c: Pick<HomeCourse, 'code' | 'title' | 'credits'>): string =>
  `${c.title} (${c.code}) ${credits(c.credits)} credit(s)`;

/** One course a line: an N-to-N mapping lists several in one cell. */
function CourseLines({ lines }: { lines: string[] }) {
  return (
    <span class="course-lines">
      {lines.map((line) => (
        <span class="course-line" key={line}>
          {line}
        </span>
      ))}
    </span>
  );
}

export function IncomingCourses({ courses }: { courses: readonly IncomingCourse[] }) {
  return <CourseLines lines={courses.map(incomingCourseText)} />;
}

export function HomeCourses({ courses }: { courses: readonly MappedHomeCourse[] }) {
  return <CourseLines lines={courses.map(homeCourseText)} />;
}
