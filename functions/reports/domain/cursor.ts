import { createHash } from 'node:crypto';
import { ValidationError } from '../../commons/errors.js';

// A report page's continuation: where the next page starts. Opaque to the client (base64url of a
// small JSON document) and checked on the way back: a digest binds it to its report and to the
// filters of the request that got it, so a cursor edited, truncated or carried over to other filters
// is a 400 on `query.cursor`, never a Query from a position nobody was given. It grants nothing:
// whoever may read the report may read every page of it; the digest keeps positions well-formed.

/** A DynamoDB position: the key attributes of the last item read (table keys and index keys). */
export type PageKey = Record<string, string>;

const keyAttributes = new Set(['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk']);
const maxCursorLength = 4096;

const digestOf = (report: string, filters: string, position: string): string =>
  createHash('sha256').update(`${report}\u0000${filters}\u0000${position}`).digest('base64url').slice(0, 22);

/** The filters a cursor is bound to, in a stable order (absent filters left out). */
export function filtersKey(filters: Record<string, string | number | undefined>): string {
  return Object.keys(filters)
    .filter((k) => filters[k] !== undefined)
    .sort()
    .map((k) => `${k}=${String(filters[k])}`)
    .join('&');
}

export function encodeCursor(report: string, filters: string, position: unknown): string {
  const body = JSON.stringify(position);
  return Buffer.from(JSON.stringify({ p: body, d: digestOf(report, filters, body) }), 'utf8').toString(
    'base64url',
  );
}

const refused = () => ValidationError.of('query.cursor', 'is not a cursor of this report with these filters');

/**
 * The position a cursor holds, checked by `check` (the report's own shape); anything else is the
 * ValidationError a client gets as a 400 naming `query.cursor`.
 */
export function decodeCursor<P>(
  cursor: string,
  report: string,
  filters: string,
  check: (position: unknown) => P | undefined,
): P {
  if (cursor.length > maxCursorLength || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw refused();
  let envelope: unknown;
  try {
    envelope = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw refused();
  }
  if (typeof envelope !== 'object' || envelope === null) throw refused();
  const { p, d } = envelope as { p?: unknown; d?: unknown };
  if (typeof p !== 'string' || typeof d !== 'string' || d !== digestOf(report, filters, p)) throw refused();
  let position: unknown;
  try {
    position = JSON.parse(p);
  } catch {
    throw refused();
  }
  const checked = check(position);
  if (checked === undefined) throw refused();
  return checked;
}

/** A position's DynamoDB key, if it is one: only key attributes, each a short string. */
export function asPageKey(value: unknown): PageKey | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const entries = Object.entries(value);
  if (entries.length === 0 || entries.length > keyAttributes.size) return undefined;
  for (const [k, v] of entries) {
    if (!keyAttributes.has(k) || typeof v !== 'string' || v.length === 0 || v.length > 1024) return undefined;
  }
  return value as PageKey;
}
