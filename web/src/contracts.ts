// The API's response shapes, straight from the back end's own types (one source for each contract).
// Type-only: the few values the SPA takes from functions/ (mappingStatuses, creditUnits) are imported
// where they are used, from modules that hold only data.
import type { Upload } from '../../functions/uploads/entities/upload.js';

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
} from '../../functions/mappings/contracts.js';
export type { MappingStatus } from '../../functions/mappings/domain/mapping-status.js';
export type { MappingAction, ValidityFilter } from '../../functions/mappings/domain/mapping-validity.js';
export type {
  CreditUnit,
  IncomingCourse,
  MappedHomeCourse,
} from '../../functions/mappings/entities/mapping.js';
export type { Dashboard, InstitutionSummary, ToDoItem } from '../../functions/records/domain/dashboard.js';
export type { Student } from '../../functions/records/entities/student.js';
export type { HomeCourse } from '../../functions/reference-data/entities/catalog.js';
export type { Upload };

/** The answer to POST /students/me/uploads: where the browser sends the file itself. */
export interface UploadTicket {
  upload: Upload;
  post: { url: string; fields: Record<string, string> };
  maxBytes: number;
}
