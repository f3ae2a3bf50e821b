import type { TimelineEvent } from '../contracts';
import { StatusBadge } from './StatusBadge';
import { TableScroll } from './TableScroll';

// A mapping's audit timeline as the student may see it: when, who (a role, or "You"), what happened,
// the status it moved to, and the reason shown to students. Oldest first, so it reads as the story of
// the request from "Request submitted" to its decision; the newest event is the last row.

const pad = (n: number): string => String(n).padStart(2, '0');

/** "2026-05-07 14:05" in the reader's own time zone: the date reads as the rest of the pages write it. */
export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

const chronological = (events: readonly TimelineEvent[]): TimelineEvent[] =>
  [...events].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));

function StatusChange({ from, to }: Pick<TimelineEvent, 'from' | 'to'>) {
  if (!to || from === to) return null;
  return (
    <span class="history__status">
      {from && (
        <>
          <StatusBadge status={from} />
          <span aria-hidden="true"> → </span>
          <span class="visually-hidden"> to </span>
        </>
      )}
      <StatusBadge status={to} />
    </span>
  );
}

export function MappingHistory({ timeline }: { timeline: readonly TimelineEvent[] }) {
  const events = chronological(timeline);
  return (
    <section class="card" aria-labelledby="history-heading" data-testid="mapping-history">
      <h2 id="history-heading">History</h2>
      {events.length === 0 ? (
        <p class="muted">Nothing has been recorded for this mapping yet.</p>
      ) : (
        <>
          <p class="field-hint">What has happened to this mapping, oldest first.</p>
          <TableScroll label="History">
            <table class="data-table history" aria-labelledby="history-heading">
              <thead>
                <tr>
                  <th scope="col">Date &amp; Time</th>
                  <th scope="col">By</th>
                  <th scope="col">What</th>
                </tr>
              </thead>
              <tbody>
                {events.map((e, i) => (
                  <tr key={`${e.at}-${i}`}>
                    <td class="nowrap">
                      <time dateTime={e.at}>{formatDateTime(e.at)}</time>
                    </td>
                    <td>{e.by}</td>
                    <td>
                      <span class="history__what">
                        {e.action}
                        <StatusChange from={e.from} to={e.to} />
                      </span>
                      {e.reason && (
                        <p class="reviewer-note">
                          <span class="reviewer-note__label">Reason:</span> {e.reason}
                        </p>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </>
      )}
    </section>
  );
}
