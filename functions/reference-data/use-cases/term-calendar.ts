// ARO's term calendar (issue 10 item 3).
//
// listTermCalendar — Output: every term in time order (one Query of the calendar's collection).
// setCalendarTerm — Input: ARO, a term as the guide writes it, its first and last day, the version
//   read. Output: the term. Primary course: the term (created, or changed if still at the version
//   read) and its audit event in one transaction. Each term's application deadline is kept by
//   applications; the handler shows it beside the term.
import { ConflictError, ValidationError } from '../../commons/errors.js';
import type { AuditEvent } from '../../store/audit.js';
import type { TermBody } from '../contracts.js';
import { isTermName, termDatesProblems } from '../domain/term-calendar.js';
import type { CalendarTerm } from '../entities/term-calendar.js';

export interface TermCalendarStore {
  listTerms(): Promise<CalendarTerm[]>;
  getTerm(term: string): Promise<CalendarTerm | undefined>;
  /** One transaction; false when the term changed (or was created) since it was read. */
  commitTerm(
    previous: CalendarTerm | undefined,
    next: CalendarTerm,
    audit: Omit<AuditEvent, 'subjectPk' | 'subjectId' | 'eventId'>,
  ): Promise<boolean>;
}

export const listTermCalendar = (store: TermCalendarStore): Promise<CalendarTerm[]> => store.listTerms();

export async function setCalendarTerm(
  deps: { store: TermCalendarStore; now: () => Date },
  staffId: string,
  term: string,
  body: TermBody,
): Promise<CalendarTerm> {
  if (!isTermName(term)) throw ValidationError.of('path.term', 'must be a term like 2024-25 Fall');
  const problems = termDatesProblems(body.startDate, body.endDate);
  if (problems.length > 0)
    throw new ValidationError(problems.map((p) => ({ field: `body.${p.field}`, reason: p.reason })));
  const previous = await deps.store.getTerm(term);
  if ((previous?.version ?? 0) !== body.version)
    throw new ConflictError(
      `${term} is at version ${previous?.version ?? 0}, not ${body.version}: reload the calendar`,
    );
  const at = deps.now().toISOString();
  const next: CalendarTerm = {
    term,
    startDate: body.startDate,
    endDate: body.endDate,
    version: (previous?.version ?? 0) + 1,
    updatedBy: staffId,
    updatedAt: at,
  };
  const done = await deps.store.commitTerm(previous, next, {
    at,
    actor: staffId,
    action: previous
      ? `Term ${term} changed: ${previous.startDate} – ${previous.endDate} → ${next.startDate} – ${next.endDate}`
      : `Term ${term} added: ${next.startDate} – ${next.endDate}`,
  });
  if (!done) throw new ConflictError(`${term} was changed by someone else meanwhile; reload the calendar`);
  return next;
}
