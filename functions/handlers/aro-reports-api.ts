import * as z from 'zod/mini';
import { dynamoClient } from '../commons/clients.js';
import { loadConfig } from '../commons/config.js';
import { httpApi, route, TextReply } from '../commons/http.js';
import { DynamoReportReader } from '../reports/adapters/report-reader.js';
import {
  applicationReportRow,
  auditReportRow,
  creditsReportRow,
  institutionMappingsRow,
  mappingReportRow,
  type ReportFormat,
  reportContracts,
  turnaroundReportRow,
} from '../reports/contracts.js';
import { type Columns, toCsv } from '../reports/domain/csv.js';
import {
  applicationsReport,
  auditOfActorReport,
  auditOfObjectReport,
  creditsTransferredReport,
  mappingsByInstitutionReport,
  mappingsReport,
  type ReportDeps,
  turnaroundReport,
} from '../reports/use-cases/reports.js';

const config = loadConfig({ TABLE_NAME: z.string().check(z.minLength(1)) });
const deps: ReportDeps = {
  reader: new DynamoReportReader(dynamoClient(), config.TABLE_NAME),
  now: () => new Date(),
};

/** A CSV's columns are its JSON row's fields, in the order the contract declares them. */
const columnsOf = <S extends z.ZodMiniObject>(row: S) => Object.keys(row.shape) as Columns<z.output<S>>;

/**
 * The report as asked: its JSON page as is, or the same rows as CSV, downloaded under the report's
 * name, the next page's cursor in a header (a CSV has nowhere else to carry it).
 */
function answer<R extends Record<string, unknown>, P extends { rows: R[]; cursor?: string }>(
  format: ReportFormat,
  name: string,
  columns: Columns<R>,
  page: P,
): P | TextReply {
  if (format === 'json') return page;
  return new TextReply(200, toCsv(columns, page.rows), 'text/csv; charset=utf-8', {
    'content-disposition': `attachment; filename="${name}.csv"`,
    'cache-control': 'no-store',
    ...(page.cursor ? { 'x-next-cursor': page.cursor } : {}),
  });
}

export const handler = httpApi('aro-reports-api', reportContracts, {
  reportMappings: route('reportMappings', async ({ input: { query } }) =>
    answer(query.format, 'mappings', columnsOf(mappingReportRow), await mappingsReport(deps, query)),
  ),
  reportMappingsByInstitution: route('reportMappingsByInstitution', async ({ input: { query } }) =>
    answer(
      query.format,
      'mappings-by-institution',
      columnsOf(institutionMappingsRow),
      await mappingsByInstitutionReport(deps, query),
    ),
  ),
  reportTurnaround: route('reportTurnaround', async ({ input: { query } }) =>
    answer(query.format, 'turnaround', columnsOf(turnaroundReportRow), await turnaroundReport(deps, query)),
  ),
  reportApplications: route('reportApplications', async ({ input: { query } }) =>
    answer(
      query.format,
      'applications',
      columnsOf(applicationReportRow),
      await applicationsReport(deps, query),
    ),
  ),
  reportCreditsTransferred: route('reportCreditsTransferred', async ({ input: { query } }) =>
    answer(
      query.format,
      'credits-transferred',
      columnsOf(creditsReportRow),
      await creditsTransferredReport(deps, query),
    ),
  ),
  auditTrailOfObject: route('auditTrailOfObject', async ({ input: { query } }) =>
    answer(query.format, 'audit-trail', columnsOf(auditReportRow), await auditOfObjectReport(deps, query)),
  ),
  auditTrailOfActor: route('auditTrailOfActor', async ({ input: { query } }) =>
    answer(query.format, 'audit-trail', columnsOf(auditReportRow), await auditOfActorReport(deps, query)),
  ),
});
