import { linkTo } from './router';

// The hrefs of the course-mapping and credit transfer application pages. They are all routed in routes.tsx, so linkTo answers for
// each; the dashboard fallback only keeps the types honest.

const to = (pattern: string, params: Record<string, string>, query?: Record<string, string>): string =>
  linkTo(pattern, params, query) ?? '#/dashboard';

export const dashboardHref = (): string => to('/dashboard', {});

export const recordHref = (recordId: string, query?: Record<string, string>): string =>
  to('/records/:recordId', { recordId }, query);

export const searchHref = (recordId: string, query?: Record<string, string>): string =>
  to('/records/:recordId/search', { recordId }, query);

/** Create New Course Mapping Request; `remap` prefills the incoming course(s) of that mapping. */
export const newRequestHref = (recordId: string, query?: { remap: string }): string =>
  to('/records/:recordId/new', { recordId }, query);

export const draftHref = (recordId: string, draftId: string): string =>
  to('/records/:recordId/drafts/:draftId', { recordId, draftId });

export const mappingHref = (recordId: string, ref: string): string =>
  to('/records/:recordId/mappings/:ref', { recordId, ref });

/** A credit transfer application; `notice: 'already-applied'` says Apply for CT found this one existing. */
export const applicationHref = (
  recordId: string,
  applicationId: string,
  query?: { notice: 'already-applied' },
): string => to('/records/:recordId/applications/:applicationId', { recordId, applicationId }, query);

/** Conversion Preview: what approved mappings of the record would transfer, step by step. */
export const conversionPreviewHref = (recordId: string): string =>
  to('/records/:recordId/conversion-preview', { recordId });
