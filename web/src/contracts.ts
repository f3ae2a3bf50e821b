// The API's response shapes, straight from the back end's own types (one source for each contract).
// Type-only: the few values the SPA takes from functions/ (mappingStatuses, creditUnits) are imported
// where they are used, from modules that hold only data.
import type { Upload } from '../../functions/entities/upload.js';

export type {
  ApprovedMappingElsewhere,
  ApprovedMappingsResponse,
  DocumentRef,
  DuplicateRequestConflict,
  HomeCourseSearchResponse,
  MappingDetailResponse,
  MappingRequestDraft,
  MappingRequestDraftSummary,
  MappingRow,
  MyMappingRequestRow,
  SearchExistingMappingsResponse,
  StudyRecordResponse,
  SubmittedMappingRequest,
  TimelineEvent,
} from '../../functions/contracts/mappings.js';
export type { Dashboard, InstitutionSummary, ToDoItem } from '../../functions/domain/dashboard.js';
export type { MappingStatus } from '../../functions/domain/mapping-status.js';
export type { MappingAction, ValidityFilter } from '../../functions/domain/mapping-validity.js';
export type { HomeCourse } from '../../functions/entities/catalog.js';
export type { CreditUnit, IncomingCourse, MappedHomeCourse } from '../../functions/entities/mapping.js';
export type { Student } from '../../functions/entities/student.js';
export type { Upload };

/** The answer to POST /students/me/uploads: where the browser sends the file itself. */
export interface UploadTicket {
  upload: Upload;
  post: { url: string; fields: Record<string, string> };
  maxBytes: number;
}
