import { submittedRequestBody } from '../../functions/mappings/contracts.js';
import type { Input } from './api';
import { type FieldIssues, schemaIssues } from './components/FieldIssues';
import { type AttachedPdf, uploadsPending, verifiedUploadIds } from './components/PdfUploader';
import type { CreditUnit, HomeCourse } from './contracts';

// The Create New Course Mapping Request form (guide §4.2) as data: what the student has typed, the
// request body it becomes (Submit, or Save as Draft with whatever is there so far), and the checks
// Next makes before leaving a tab. The checks use the API's own field paths, so the browser's and
// the server's complaints land next to the same field. The rules themselves are the
// createMappingRequest contract's (its Submit body schema): the form adds only what the server cannot
// see, a document still being checked and an HKUST course slot with nothing chosen yet.

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

type DraftBody = Extract<Input<'createMappingRequest'>['body'], { submit: false }>;
type SubmitBody = Extract<Input<'createMappingRequest'>['body'], { submit: true }>;

/** Save as Draft: whatever has been typed so far, as the request body. */
export function draftBody(form: RequestForm): DraftBody {
  const justification = form.justification.trim();
  return {
    submit: false,
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

const asSubmitted = (form: RequestForm) => ({ ...draftBody(form), submit: true });

/** What the API would refuse in this form on Submit, by field. */
const submitIssues = (form: RequestForm): FieldIssues =>
  schemaIssues(submittedRequestBody, asSubmitted(form));

/** Submit: the request body once the contract's schema accepts the form, else undefined (see checksBefore). */
export function submitBody(form: RequestForm): SubmitBody | undefined {
  const parsed = submittedRequestBody.safeParse(asSubmitted(form));
  return parsed.success ? parsed.data : undefined;
}

const under = (issues: FieldIssues, prefix: string): [string, string][] =>
  [...issues].filter(([field]) => field === prefix || field.startsWith(`${prefix}.`));

export function checkIncoming(form: RequestForm): Map<string, string> {
  const issues = new Map(under(submitIssues(form), 'body.incomingCourses'));
  form.incoming.forEach((c, i) => {
    if (uploadsPending(c.files)) {
      issues.set(
        `body.incomingCourses.${i}.documentIds`,
        'Please wait until your documents have been checked',
      );
    }
  });
  return issues;
}

export function checkHome(form: RequestForm): Map<string, string> {
  // An empty slot never reaches the request body, so the schema cannot name it: the form does.
  const empty = form.home.flatMap((h, i): [string, string][] =>
    h.course ? [] : [[`body.homeCourseCodes.${i}`, 'Search for and select the proposed HKUST course']],
  );
  if (empty.length > 0) return new Map(empty);
  return new Map(under(submitIssues(form), 'body.homeCourseCodes'));
}

/** The checks of every tab before `tab`: Next from tab 1 checks tab 1, Submit checks both. */
export function checksBefore(form: RequestForm, tab: Tab): Map<string, string> {
  const rest = (): [string, string][] =>
    [...submitIssues(form)].filter(
      ([field]) => !field.startsWith('body.incomingCourses') && !field.startsWith('body.homeCourseCodes'),
    );
  return new Map([
    ...(tab > 1 ? checkIncoming(form) : []),
    ...(tab > 2 ? checkHome(form) : []),
    ...(tab > 2 ? rest() : []),
  ]);
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
