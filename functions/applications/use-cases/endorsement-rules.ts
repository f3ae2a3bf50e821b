// The endorsement rule table ARO keeps through the admin API (guide §5.3).
//
// getEndorsementRules — the table in force (the latest version), or a given version (what an
//   application was routed by); version 0 with no rows while none is published.
// publishEndorsementRules — the next version from ARO's rows: every problem a 400 naming the row
//   and the field (domain/endorsement-rules.ts validates), under the version read (409 when another
//   publication landed first), one commit with its audit event.
import { randomUUID } from 'node:crypto';
import { ConflictError, NotFoundError, ValidationError } from '../../commons/errors.js';
import type { AuditEvent } from '../../store/audit.js';
import type { EndorsementRuleTableView } from '../contracts.js';
import {
  type EndorsementConditions,
  type EndorsementRuleDraft,
  type EndorsementRuleTable,
  publishRuleTable,
  type TermCondition,
} from '../domain/endorsement-rules.js';

export interface EndorsementRuleStore {
  latest(): Promise<EndorsementRuleTable | undefined>;
  version(version: number): Promise<EndorsementRuleTable | undefined>;
  /** Puts the version if it does not exist yet, with the audit event; false when it does. */
  publish(table: EndorsementRuleTable, audit: AuditEvent): Promise<boolean>;
}

export interface EndorsementRuleDeps {
  store: EndorsementRuleStore;
  now: () => Date;
}

const termView = (t: TermCondition | undefined) =>
  t === undefined
    ? undefined
    : Array.isArray(t)
      ? [...t]
      : { ...(t as Exclude<TermCondition, readonly string[]>) };
const listView = <T>(list: readonly T[] | undefined) => (list === undefined ? undefined : [...list]);

function conditionsView(c: EndorsementConditions) {
  const view = {
    programs: listView(c.programs),
    cohortTerms: termView(c.cohortTerms),
    academicYears: listView(c.academicYears),
    studyRecordCategories: listView(c.studyRecordCategories),
    courseCodes: listView(c.courseCodes),
    subjectAreas: listView(c.subjectAreas),
    courseLevels: listView(c.courseLevels),
    transferTerms: termView(c.transferTerms),
  };
  return Object.fromEntries(Object.entries(view).filter(([, v]) => v !== undefined)) as typeof view;
}

/** The table as the API answers it (the domain's lists are read-only; the answer's are copies). */
export const toTableView = (t: EndorsementRuleTable): EndorsementRuleTableView => ({
  version: t.version,
  rows: t.rows.map((r) => ({
    ruleId: r.ruleId,
    conditions: conditionsView(r.conditions),
    endorsers: r.endorsers.map((e) => ({ ...e, emails: [...e.emails] })),
    ...(r.note ? { note: r.note } : {}),
  })),
  publishedBy: t.publishedBy,
  publishedAt: t.publishedAt,
});

export async function getEndorsementRules(
  deps: Pick<EndorsementRuleDeps, 'store'>,
  version?: number,
): Promise<EndorsementRuleTableView> {
  if (version === undefined) {
    const latest = await deps.store.latest();
    return latest ? toTableView(latest) : { version: 0, rows: [] };
  }
  const table = await deps.store.version(version);
  if (!table) throw new NotFoundError(`No endorsement rule table version ${version}`);
  return toTableView(table);
}

export async function publishEndorsementRules(
  deps: EndorsementRuleDeps,
  staffId: string,
  change: { rows: EndorsementRuleDraft[]; version: number },
): Promise<EndorsementRuleTableView> {
  const current = await deps.store.latest();
  const currentVersion = current?.version ?? 0;
  if (currentVersion !== change.version) {
    throw new ConflictError(
      `The endorsement rules changed meanwhile (version ${currentVersion}, not ${change.version}); read them again`,
    );
  }
  const at = deps.now().toISOString();
  const result = publishRuleTable(current, change.rows, staffId, at);
  if (!result.ok) {
    throw new ValidationError(
      result.problems.map((p) => ({
        field: `body.${p.field.replace(/\[(\d+)\]/g, '.$1')}`,
        reason: p.reason,
      })),
    );
  }
  const { table } = result;
  const audit: AuditEvent = {
    subjectPk: 'ENDORSEMENT-RULES',
    subjectId: 'TABLE',
    at,
    actor: staffId,
    action: `Endorsement rules published: version ${table.version}, ${table.rows.length} row(s)`,
    from: `v${currentVersion}`,
    to: `v${table.version}`,
    eventId: randomUUID(),
  };
  if (!(await deps.store.publish(table, audit))) {
    throw new ConflictError(
      'Another version of the endorsement rules was published meanwhile; read them again',
    );
  }
  return toTableView(table);
}
