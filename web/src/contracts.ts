// The API's shapes as the pages use them, inferred from the operations' contracts (DESIGN decision 10).
// Only contracts are imported: the web bundle never reaches functions/**/entities, domain, adapters
// or use-cases (tests/unit/contracts.test.ts walks the imports to make sure).

export { applicationStatuses } from '../../functions/applications/contracts.js';
export type {
  ApplicationConversionView,
  ConversionPreviewView,
  ConversionStepView,
} from '../../functions/conversion/contracts.js';
export type {
  ApprovedMappingElsewhere,
  ApprovedMappingsResponse,
  CreditUnit,
  DocumentRef,
  DuplicateRequestConflict,
  HomeCourseSearchResponse,
  IncomingCourse,
  MappedHomeCourse,
  MappingAction,
  MappingDetailResponse,
  MappingRequestDraft,
  MappingRequestDraftSummary,
  MappingRow,
  MappingStatus,
  MyMappingRequestRow,
  SearchExistingMappingsResponse,
  SubmittedMappingRequest,
  TimelineEvent,
  ValidityFilter,
} from '../../functions/mappings/contracts.js';
export { creditUnits, mappingStatuses } from '../../functions/mappings/contracts.js';
export type {
  AddInstitutionResponse,
  Dashboard,
  InstitutionSummary,
  InstitutionView,
  Student,
  StudyRecordResponse,
  ToDoItem,
} from '../../functions/records/contracts.js';
export type { HomeCourse } from '../../functions/reference-data/contracts.js';
export type {
  StudentTranscript,
  TranscriptSource,
  TranscriptStatus,
} from '../../functions/transcripts/contracts.js';
export {
  maxTranscriptBytes,
  onlyVerifiedAreProcessed,
  transcriptFileKinds,
} from '../../functions/transcripts/contracts.js';
export type { Upload, UploadTicket } from '../../functions/uploads/contracts.js';
export { maxUploadBytes } from '../../functions/uploads/contracts.js';
