// Save as Draft, continue, Submit, Cancel (guide §4.2). A draft is the student's alone and holds
// whatever has been filled in so far; only Submit applies the full rules.
//
// saveDraft — Input: record, partial request, draft id (new or existing). Output: the stored draft.
// submitDraft — the draft's content (as just saved) through submitMappingRequest; the draft is
//   deleted in the same transaction that creates the mapping.
import { randomUUID } from 'node:crypto';
import type { MappingRequestDraft } from '../contracts.js';
import type { MappingRequestDraftItem } from '../entities/draft.js';
import { draftNotFound, type MappingRequestStore, mustGetRecord } from './mapping-requests.js';

export interface DraftStore extends Pick<MappingRequestStore, 'getRecord'> {
  getDraft(
    studentId: string,
    recordId: string,
    draftId: string,
  ): Promise<MappingRequestDraftItem | undefined>;
  /** Writes the draft; when `replacing`, only over a draft that is still there (false if it is not). */
  putDraft(draft: MappingRequestDraftItem, replacing: boolean): Promise<boolean>;
  deleteDraft(studentId: string, recordId: string, draftId: string): Promise<boolean>;
}

export type DraftContent = Pick<
  MappingRequestDraftItem,
  'incomingCourses' | 'homeCourseCodes' | 'justification' | 'remapOf'
>;

export function toDraftResponse(d: MappingRequestDraftItem): MappingRequestDraft {
  return {
    draftId: d.draftId,
    recordId: d.recordId,
    incomingCourses: d.incomingCourses.map((c) => ({
      code: c.code,
      title: c.title,
      ...(c.credits !== undefined ? { credits: c.credits } : {}),
      ...(c.creditUnit ? { creditUnit: c.creditUnit } : {}),
      documentIds: c.documentIds,
    })),
    homeCourseCodes: d.homeCourseCodes,
    ...(d.justification ? { justification: d.justification } : {}),
    ...(d.remapOf ? { remapOf: d.remapOf } : {}),
    lastModified: d.lastModified,
  };
}

export async function saveDraft(
  deps: { drafts: DraftStore; now: () => Date },
  studentId: string,
  recordId: string,
  content: DraftContent,
  draftId?: string,
): Promise<MappingRequestDraftItem> {
  // A new draft needs a record of the student's; saving again needs only the draft (one write).
  if (!draftId) await mustGetRecord(deps.drafts, studentId, recordId);
  const draft: MappingRequestDraftItem = {
    studentId,
    recordId,
    draftId: draftId ?? randomUUID(),
    incomingCourses: content.incomingCourses,
    homeCourseCodes: content.homeCourseCodes,
    ...(content.justification ? { justification: content.justification } : {}),
    ...(content.remapOf ? { remapOf: content.remapOf } : {}),
    lastModified: deps.now().toISOString(),
  };
  if (!(await deps.drafts.putDraft(draft, draftId !== undefined))) throw draftNotFound(draft.draftId);
  return draft;
}

export async function getDraft(drafts: DraftStore, studentId: string, recordId: string, draftId: string) {
  const draft = await drafts.getDraft(studentId, recordId, draftId);
  if (!draft) throw draftNotFound(draftId);
  return draft;
}

export async function cancelDraft(drafts: DraftStore, studentId: string, recordId: string, draftId: string) {
  if (!(await drafts.deleteDraft(studentId, recordId, draftId))) throw draftNotFound(draftId);
}
