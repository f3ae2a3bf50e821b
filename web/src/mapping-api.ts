import { type ApiClient, ApiError } from './api';
import type { MappingAction, MappingStatus, ValidityFilter } from './contracts';

// The course-mapping routes of functions/routes.ts, as the pages call them.

const enc = encodeURIComponent;

export const recordPath = (recordId: string): string => `/students/me/records/${enc(recordId)}`;

export const mappingPath = (recordId: string, ref: string): string =>
  `${recordPath(recordId)}/mappings/${enc(ref)}`;

export const draftPath = (recordId: string, draftId: string): string =>
  `${recordPath(recordId)}/drafts/${enc(draftId)}`;

export const myRequestsPath = (recordId: string, filter = ''): string =>
  `${recordPath(recordId)}/mapping-requests${filter ? `?${new URLSearchParams({ filter })}` : ''}`;

export interface SearchQuery {
  q: string;
  filters: ValidityFilter[];
  page: number;
}

export function searchPath(recordId: string, { q, filters, page }: SearchQuery): string {
  const query = new URLSearchParams();
  if (q) query.set('q', q);
  if (filters.length > 0) query.set('filters', filters.join(','));
  query.set('page', String(page));
  return `${recordPath(recordId)}/mappings?${query}`;
}

export const homeCoursesPath = (code: string, title: string): string =>
  `/courses?${new URLSearchParams({ ...(code ? { code } : {}), ...(title ? { title } : {}) })}`;

export const approvedMappingsToPath = (homeCode: string): string =>
  `/courses/${enc(homeCode)}/approved-mappings`;

export const precedentsPath = (ref: string): string => `/mappings/${enc(ref)}/precedents`;

export function notifyMe(api: ApiClient, recordId: string, ref: string) {
  return api.request<{ ref: string; relation: string; action: MappingAction }>(
    'POST',
    `${mappingPath(recordId, ref)}/notify-me`,
  );
}

/** Provide Info (§4.4), Extend (§4.6) or Appeal (§4.7): new documents send the mapping back to review. */
export function resubmit(
  api: ApiClient,
  recordId: string,
  ref: string,
  kind: 'provide-info' | 'extend' | 'appeal',
  body: { documentIds: string[]; note?: string; justification?: string },
) {
  return api.post<{ ref: string; status: MappingStatus }>(`${mappingPath(recordId, ref)}/${kind}`, body);
}

/** Any failure as an ApiError, so pages show one kind of error. */
export const asApiError = (error: unknown): ApiError =>
  error instanceof ApiError
    ? error
    : new ApiError(0, 'ClientError', error instanceof Error ? error.message : String(error));
