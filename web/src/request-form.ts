import type { FieldIssues } from './components/FieldIssues';
import { type AttachedPdf, uploadsPending, verifiedUploadIds } from './components/PdfUploader';
import type { CreditUnit, HomeCourse } from './contracts';

// The Create New Course Mapping Request form (guide §4.2) as data: what the student has typed, the
// request body it becomes (Submit, or Save as Draft with whatever is there so far), and the checks
// Next makes before leaving a tab. The checks use the API's own field paths, so the browser's and
// the server's complaints land next to the same field.

export interface IncomingCourseForm {
  key: string;
  code: string;
  title: string;
  /** As typed: a draft may hold none yet. */
  credits: string;
  creditUnit: CreditUnit | '';
  files: AttachedPdf[];
}

export interface HomeEquivalentForm {
  key: string;
  course: HomeCourse | undefined;
}

export interface RequestForm {
  incoming: IncomingCourseForm[];
  home: HomeEquivalentForm[];
  justification: string;
  /** The mapping a Re-map started from. */
  remapOf?: string | undefined;
}

export type Tab = 1 | 2 | 3;

let keys = 0;
const nextKey = (kind: string): string => `${kind}-${++keys}`;

export const emptyIncoming = (course: Partial<IncomingCourseForm> = {}): IncomingCourseForm => ({
  key: nextKey('incoming'),
  code: '',
  title: '',
  credits: '',
  creditUnit: '',
  files: [],
  ...course,
});

export const emptyHome = (course?: HomeCourse): HomeEquivalentForm => ({ key: nextKey('home'), course });

export const emptyForm = (): RequestForm => ({
  incoming: [emptyIncoming()],
  home: [emptyHome()],
  justification: '',
});

/** Credits as the API takes them; undefined while not a number. */
export function parseCredits(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '' || !/^\d+(\.\d+)?$/.test(trimmed)) return undefined;
  return Number(trimmed);
}

export function requestBody(form: RequestForm, submit: boolean) {
  const justification = form.justification.trim();
  return {
    submit,
    incomingCourses: form.incoming.map((c) => {
      const credits = parseCredits(c.credits);
      return {
        code: c.code.trim(),
        title: c.title.trim(),
        ...(credits !== undefined ? { credits } : {}),
        ...(c.creditUnit ? { creditUnit: c.creditUnit } : {}),
        documentIds: verifiedUploadIds(c.files),
      };
    }),
    homeCourseCodes: form.home.flatMap((h) => (h.course ? [h.course.code] : [])),
    ...(justification ? { justification } : {}),
    ...(form.remapOf ? { remapOf: form.remapOf } : {}),
  };
}

export function checkIncoming(form: RequestForm): Map<string, string> {
  const issues = new Map<string, string>();
  form.incoming.forEach((c, i) => {
    const at = `body.incomingCourses.${i}`;
    if (!c.code.trim()) issues.set(`${at}.code`, 'Course Code is required');
    if (!c.title.trim()) issues.set(`${at}.title`, 'Course Title is required');
    const credits = parseCredits(c.credits);
    if (credits === undefined)
      issues.set(`${at}.credits`, 'Course Credits must be a number, such as 3 or 3.5');
    else if (credits > 99) issues.set(`${at}.credits`, 'Course Credits must be at most 99');
    if (!c.creditUnit) issues.set(`${at}.creditUnit`, 'Choose the Credit Unit');
    if (uploadsPending(c.files)) {
      issues.set(`${at}.documentIds`, 'Please wait until your documents have been checked');
    } else if (verifiedUploadIds(c.files).length === 0) {
      issues.set(
        `${at}.documentIds`,
        'Attach at least one supporting document (PDF), such as the course syllabus',
      );
    }
  });
  return issues;
}

export function checkHome(form: RequestForm): Map<string, string> {
  const issues = new Map<string, string>();
  const seen = new Set<string>();
  form.home.forEach((h, i) => {
    const at = `body.homeCourseCodes.${i}`;
    if (!h.course) issues.set(at, 'Search for and select the proposed HKUST course');
    else if (seen.has(h.course.code)) issues.set(at, `${h.course.code} is already proposed above`);
    else seen.add(h.course.code);
  });
  return issues;
}

/** The checks of every tab before `tab`: Next from tab 1 checks tab 1, Submit checks both. */
export function checksBefore(form: RequestForm, tab: Tab): Map<string, string> {
  return new Map([...(tab > 1 ? checkIncoming(form) : []), ...(tab > 2 ? checkHome(form) : [])]);
}

/** The tab that holds a field, to show the first problem where it can be fixed. */
export function tabOf(field: string): Tab {
  if (field.startsWith('body.incomingCourses')) return 1;
  if (field.startsWith('body.homeCourseCodes')) return 2;
  return 3;
}

export function firstTabWithIssue(issues: FieldIssues): Tab | undefined {
  const tabs = [...issues.keys()].map(tabOf);
  return tabs.length > 0 ? (Math.min(...tabs) as Tab) : undefined;
}
