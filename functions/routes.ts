import type { FunctionName } from './catalog.js';

// The HTTP API's route table. The CDK API construct and the local gateway both build their routes
// from this list, and each function's handler must implement exactly the operations routed to it
// (checked by the type of `httpApi` in commons/http.ts).

export type RouteAuth = 'student' | 'aro' | 'records-office' | 'public';
export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteDefinition {
  operation: string;
  method: HttpMethod;
  /** API Gateway path syntax: `/students/me/uploads/{uploadId}`. */
  path: string;
  fn: FunctionName;
  /**
   * `public` routes have no authorizer; `student` and `aro` need a JWT in that Cognito group, and
   * `records-office` one in `urao` or `ogl` (commons/auth.ts).
   */
  auth: RouteAuth;
  summary: string;
}

export const routes = [
  {
    operation: 'getStudentDashboard',
    method: 'GET',
    path: '/students/me/dashboard',
    fn: 'student-api',
    auth: 'student',
    summary: 'Student Dashboard: Student Information, institutions, To Do List, Credit Transfer Summary',
  },
  {
    operation: 'createUpload',
    method: 'POST',
    path: '/students/me/uploads',
    fn: 'student-api',
    auth: 'student',
    summary: 'Presigned POST for a PDF supporting document (at most 10 MB)',
  },
  {
    operation: 'getUpload',
    method: 'GET',
    path: '/students/me/uploads/{uploadId}',
    fn: 'student-api',
    auth: 'student',
    summary: 'An upload and whether the upload hook has verified it',
  },
  {
    operation: 'getStudyRecord',
    method: 'GET',
    path: '/students/me/records/{recordId}',
    fn: 'student-api',
    auth: 'student',
    summary: 'Study Record: the record, its My Course Mapping Requests and drafts',
  },
  {
    operation: 'searchExistingMappings',
    method: 'GET',
    path: '/students/me/records/{recordId}/mappings',
    fn: 'mapping-search-api',
    auth: 'student',
    summary: "Search Existing Mappings at the record's institution, judged against its transfer term",
  },
  {
    operation: 'searchHomeCourses',
    method: 'GET',
    path: '/courses',
    fn: 'mapping-search-api',
    auth: 'student',
    summary: 'HKUST course search by code prefix and title words, with credits and exclusions',
  },
  {
    operation: 'getApprovedMappingsToCourse',
    method: 'GET',
    path: '/courses/{code}/approved-mappings',
    fn: 'mapping-search-api',
    auth: 'student',
    summary: 'Reverse lookup: approved incoming courses across institutions for an HKUST course',
  },
  {
    operation: 'getPrecedents',
    method: 'GET',
    path: '/mappings/{ref}/precedents',
    fn: 'mapping-search-api',
    auth: 'student',
    summary: 'Approved mappings to the same HKUST course(s) from other institutions',
  },
  {
    operation: 'getMapping',
    method: 'GET',
    path: '/students/me/records/{recordId}/mappings/{ref}',
    fn: 'student-api',
    auth: 'student',
    summary: "A mapping's detail page for a study record: Information Required, Reason for Denial, documents",
  },
  {
    operation: 'listMyMappingRequests',
    method: 'GET',
    path: '/students/me/records/{recordId}/mapping-requests',
    fn: 'student-api',
    auth: 'student',
    summary: 'My Course Mapping Requests of a study record, with Notify Me subscriptions',
  },
  {
    operation: 'createMappingRequest',
    method: 'POST',
    path: '/students/me/records/{recordId}/mapping-requests',
    fn: 'student-api',
    auth: 'student',
    summary: 'Create New Course Mapping Request: Submit, or Save as Draft',
  },
  {
    operation: 'getMappingRequestDraft',
    method: 'GET',
    path: '/students/me/records/{recordId}/drafts/{draftId}',
    fn: 'student-api',
    auth: 'student',
    summary: 'A saved draft of a course mapping request',
  },
  {
    operation: 'updateMappingRequestDraft',
    method: 'PUT',
    path: '/students/me/records/{recordId}/drafts/{draftId}',
    fn: 'student-api',
    auth: 'student',
    summary: 'Save the draft again, or Submit it',
  },
  {
    operation: 'deleteMappingRequestDraft',
    method: 'DELETE',
    path: '/students/me/records/{recordId}/drafts/{draftId}',
    fn: 'student-api',
    auth: 'student',
    summary: 'Cancel: discard a draft',
  },
  {
    operation: 'notifyMe',
    method: 'POST',
    path: '/students/me/records/{recordId}/mappings/{ref}/notify-me',
    fn: 'student-api',
    auth: 'student',
    summary: 'Notify Me: follow a pending mapping in My Course Mapping Requests (§4.3)',
  },
  {
    operation: 'provideInfo',
    method: 'POST',
    path: '/students/me/records/{recordId}/mappings/{ref}/provide-info',
    fn: 'student-api',
    auth: 'student',
    summary: 'Provide Info with PDF documents for a Need Further Info mapping (§4.4)',
  },
  {
    operation: 'extendMapping',
    method: 'POST',
    path: '/students/me/records/{recordId}/mappings/{ref}/extend',
    fn: 'student-api',
    auth: 'student',
    summary: 'Extend an Expired mapping with updated documents (§4.6)',
  },
  {
    operation: 'appealMapping',
    method: 'POST',
    path: '/students/me/records/{recordId}/mappings/{ref}/appeal',
    fn: 'student-api',
    auth: 'student',
    summary: 'Appeal a Denied mapping with justification and documents (§4.7)',
  },
  // Department reviewers act through email links (DESIGN decision 5): GET and HEAD only show the
  // confirmation page, which mail scanners may fetch freely; only the POST from that page decides.
  {
    operation: 'showReviewLink',
    method: 'GET',
    path: '/review/{linkId}',
    fn: 'review-links',
    auth: 'public',
    summary: 'The confirmation page of a reviewer action link: course details, documents, decision form',
  },
  {
    operation: 'headReviewLink',
    method: 'HEAD',
    path: '/review/{linkId}',
    fn: 'review-links',
    auth: 'public',
    summary: 'HEAD of the confirmation page (mail scanners): changes nothing',
  },
  {
    operation: 'decideByReviewLink',
    method: 'POST',
    path: '/review/{linkId}',
    fn: 'review-links',
    auth: 'public',
    summary:
      "The department's decision, posted from the confirmation page: Approve, Deny or Need Further Info",
  },
  {
    operation: 'renewReviewLink',
    method: 'POST',
    path: '/review/{linkId}/renew',
    fn: 'review-links',
    auth: 'public',
    summary: 'An expired link: email a new one to the reviewer address on file',
  },
  {
    operation: 'listAwaitingTriage',
    method: 'GET',
    path: '/admin/triage',
    fn: 'aro-api',
    auth: 'aro',
    summary: 'ARO: mapping requests awaiting triage, oldest first',
  },
  {
    operation: 'getMappingForAro',
    method: 'GET',
    path: '/admin/mappings/{ref}',
    fn: 'aro-api',
    auth: 'aro',
    summary: 'ARO: a mapping with its full audit timeline (internal notes included) and the steps awaited',
  },
  {
    operation: 'triageMapping',
    method: 'POST',
    path: '/admin/mappings/{ref}/triage',
    fn: 'aro-api',
    auth: 'aro',
    summary:
      'ARO triage: route to the subject departments, send back for more information, or close as a duplicate',
  },
  {
    operation: 'getDepartmentReviewers',
    method: 'GET',
    path: '/admin/subject-areas/{subjectArea}/reviewers',
    fn: 'aro-api',
    auth: 'aro',
    summary: "ARO: a subject area's department reviewers",
  },
  {
    operation: 'putDepartmentReviewers',
    method: 'PUT',
    path: '/admin/subject-areas/{subjectArea}/reviewers',
    fn: 'aro-api',
    auth: 'aro',
    summary: "ARO: set a subject area's department reviewers (who receive its review requests)",
  },
  {
    operation: 'createTranscriptUpload',
    method: 'POST',
    path: '/students/me/records/{recordId}/transcripts',
    fn: 'student-api',
    auth: 'student',
    summary:
      'Official Transcript: presigned POST for a transcript file (PDF or JSON credential, at most 10 MB)',
  },
  {
    operation: 'getMyTranscript',
    method: 'GET',
    path: '/students/me/transcripts/{transcriptId}',
    fn: 'student-api',
    auth: 'student',
    summary: 'One of my official transcripts and its status (Awaiting Upload until the file is checked)',
  },
  {
    operation: 'downloadMyTranscript',
    method: 'GET',
    path: '/students/me/transcripts/{transcriptId}/download',
    fn: 'student-api',
    auth: 'student',
    summary: 'A short-lived download link of the file as verified',
  },
  {
    operation: 'listTranscriptsForAro',
    method: 'GET',
    path: '/admin/transcripts',
    fn: 'aro-api',
    auth: 'aro',
    summary: 'ARO: transcripts of one status, oldest first (Pending Review by default)',
  },
  {
    operation: 'getTranscriptForAro',
    method: 'GET',
    path: '/admin/students/{studentId}/transcripts/{transcriptId}',
    fn: 'aro-api',
    auth: 'aro',
    summary: 'ARO: a transcript with its verification report and history',
  },
  {
    operation: 'downloadTranscriptForAro',
    method: 'GET',
    path: '/admin/students/{studentId}/transcripts/{transcriptId}/download',
    fn: 'aro-api',
    auth: 'aro',
    summary: 'ARO: a short-lived download link of the file as verified',
  },
  {
    operation: 'setTranscriptStatus',
    method: 'PUT',
    path: '/admin/students/{studentId}/transcripts/{transcriptId}/status',
    fn: 'aro-api',
    auth: 'aro',
    summary: 'ARO: assign Verified, Pending Review, Unofficial or Rejected, with a note',
  },
  {
    operation: 'recordReceivedTranscript',
    method: 'POST',
    path: '/admin/students/{studentId}/records/{recordId}/transcripts',
    fn: 'aro-api',
    auth: 'aro',
    summary:
      'ARO: record a transcript received as University Record or Presented at ARO (presigned POST of its file)',
  },
  {
    operation: 'getTrustList',
    method: 'GET',
    path: '/admin/institutions/{institutionId}/trust-list',
    fn: 'aro-api',
    auth: 'aro',
    summary: "ARO: the certificates and issuer keys an institution's transcripts are verified against",
  },
  {
    operation: 'putTrustList',
    method: 'PUT',
    path: '/admin/institutions/{institutionId}/trust-list',
    fn: 'aro-api',
    auth: 'aro',
    summary: "ARO: replace an institution's trust list (under its version)",
  },
  {
    operation: 'applyForCreditTransfer',
    method: 'POST',
    path: '/students/me/records/{recordId}/applications',
    fn: 'credit-transfer-api',
    auth: 'student',
    summary: 'Apply for CT: add an approved mapping to My Credit Transfer Applications as a Draft',
  },
  {
    operation: 'listMyApplications',
    method: 'GET',
    path: '/students/me/records/{recordId}/applications',
    fn: 'credit-transfer-api',
    auth: 'student',
    summary: 'My Credit Transfer Applications of a study record',
  },
  {
    operation: 'getMyApplication',
    method: 'GET',
    path: '/students/me/applications/{applicationId}',
    fn: 'credit-transfer-api',
    auth: 'student',
    summary: 'A credit transfer application with its courses and final grades',
  },
  {
    operation: 'saveApplicationDraft',
    method: 'PUT',
    path: '/students/me/applications/{applicationId}',
    fn: 'credit-transfer-api',
    auth: 'student',
    summary: 'Course Evidence and Final Grades: Save as Draft (a grade per incoming course, any left out)',
  },
  {
    operation: 'deleteApplicationDraft',
    method: 'DELETE',
    path: '/students/me/applications/{applicationId}',
    fn: 'credit-transfer-api',
    auth: 'student',
    summary: 'Delete a draft application',
  },
  {
    operation: 'submitApplication',
    method: 'POST',
    path: '/students/me/applications/{applicationId}/submit',
    fn: 'credit-transfer-api',
    auth: 'student',
    summary:
      'Submit: every final grade on the host scale (and a justification after the deadline); routes it to endorsement or ARO',
  },
  {
    operation: 'provideApplicationInfo',
    method: 'POST',
    path: '/students/me/applications/{applicationId}/provide-info',
    fn: 'credit-transfer-api',
    auth: 'student',
    summary:
      'Provide Info on a Need Further Info application: justification and PDF documents, back to processing',
  },
  {
    operation: 'withdrawApplication',
    method: 'POST',
    path: '/students/me/applications/{applicationId}/withdraw',
    fn: 'credit-transfer-api',
    auth: 'student',
    summary: 'Withdraw an application before the decision',
  },
  {
    operation: 'reopenApplication',
    method: 'POST',
    path: '/students/me/applications/{applicationId}/reopen',
    fn: 'credit-transfer-api',
    auth: 'student',
    summary: 'Reopen a withdrawn or not endorsed application as a Draft',
  },
  // Program offices endorse from emailed links, served like the reviewers' (DESIGN decision 5).
  {
    operation: 'showEndorsementLink',
    method: 'GET',
    path: '/endorse/{linkId}',
    fn: 'review-links',
    auth: 'public',
    summary: 'The confirmation page of a program-office endorsement link: the application and the form',
  },
  {
    operation: 'headEndorsementLink',
    method: 'HEAD',
    path: '/endorse/{linkId}',
    fn: 'review-links',
    auth: 'public',
    summary: 'HEAD of the endorsement confirmation page (mail scanners): changes nothing',
  },
  {
    operation: 'decideByEndorsementLink',
    method: 'POST',
    path: '/endorse/{linkId}',
    fn: 'review-links',
    auth: 'public',
    summary: "The program office's decision, posted from the confirmation page: Endorse or Not Endorse",
  },
  {
    operation: 'renewEndorsementLink',
    method: 'POST',
    path: '/endorse/{linkId}/renew',
    fn: 'review-links',
    auth: 'public',
    summary: 'An expired endorsement link: email a new one to the program office address on file',
  },
  {
    operation: 'listApplicationsForAro',
    method: 'GET',
    path: '/admin/applications',
    fn: 'aro-api',
    auth: 'aro',
    summary:
      'ARO: credit transfer applications by status, institution, term, late flag and transcript status',
  },
  {
    operation: 'getApplicationForAro',
    method: 'GET',
    path: '/admin/applications/{applicationId}',
    fn: 'aro-api',
    auth: 'aro',
    summary: 'ARO: an application with its mapping, grades, endorsements, rule rows and timeline',
  },
  {
    operation: 'decideApplication',
    method: 'POST',
    path: '/admin/applications/{applicationId}/decision',
    fn: 'aro-api',
    auth: 'aro',
    summary: 'ARO: approve (needs a Verified transcript and passing grades), reject, or Need Further Info',
  },
  {
    operation: 'getTermDeadline',
    method: 'GET',
    path: '/admin/terms/{term}/application-deadline',
    fn: 'aro-api',
    auth: 'aro',
    summary: "ARO: a transfer term's application deadline (the default until one is set)",
  },
  {
    operation: 'setTermDeadline',
    method: 'PUT',
    path: '/admin/terms/{term}/application-deadline',
    fn: 'aro-api',
    auth: 'aro',
    summary: "ARO: set a transfer term's application deadline",
  },
  {
    operation: 'getEndorsementRules',
    method: 'GET',
    path: '/admin/endorsement-rules',
    fn: 'aro-api',
    auth: 'aro',
    summary: 'ARO: the program-office endorsement rule table in force, or one version of it',
  },
  {
    operation: 'publishEndorsementRules',
    method: 'PUT',
    path: '/admin/endorsement-rules',
    fn: 'aro-api',
    auth: 'aro',
    summary: 'ARO: publish the next version of the endorsement rule table (under the version read)',
  },
  // UCTS conversion (docs/ucts-conversion.md): institutions' grading and the student's preview.
  {
    operation: 'getInstitutionGrading',
    method: 'GET',
    path: '/admin/institutions/{institutionId}/grading',
    fn: 'aro-api',
    auth: 'aro',
    summary: "ARO: an institution's credit system and grade scale in force, or one version of them",
  },
  {
    operation: 'publishInstitutionGrading',
    method: 'PUT',
    path: '/admin/institutions/{institutionId}/grading',
    fn: 'aro-api',
    auth: 'aro',
    summary:
      "ARO: publish the next version of an institution's credit system and grade scale (under the version read)",
  },
  {
    operation: 'previewConversion',
    method: 'POST',
    path: '/students/me/records/{recordId}/conversion-preview',
    fn: 'credit-transfer-api',
    auth: 'student',
    summary:
      'Conversion Preview: the HKUST credits approved mappings of the record would transfer with the grades typed, every step and the published rule',
  },
  {
    operation: 'searchInstitutions',
    method: 'GET',
    path: '/institutions',
    fn: 'student-api',
    auth: 'student',
    summary: '+ Add Another Institution: the institution list searched by name (word prefixes) and country',
  },
  {
    operation: 'addInstitution',
    method: 'POST',
    path: '/students/me/records',
    fn: 'student-api',
    auth: 'student',
    summary:
      '+ Add Another Institution: a non-disclosed On Entry study record at a listed institution, or at one proposed by name and country for ARO to confirm',
  },
  {
    operation: 'listInstitutionsForAro',
    method: 'GET',
    path: '/admin/institutions',
    fn: 'aro-api',
    auth: 'aro',
    summary:
      'ARO: the institutions students proposed as not listed (status=proposed), A-Z, with who and when',
  },
  {
    operation: 'confirmInstitution',
    method: 'POST',
    path: '/admin/institutions/{institutionId}/confirm',
    fn: 'aro-api',
    auth: 'aro',
    summary: 'ARO: confirm a proposed institution, so it is listed for every student',
  },
  // Provisioning of study records by URAO and OGL (guide §3.1.1, §3.2, §3.3)
  {
    operation: 'createOfficeStudyRecord',
    method: 'POST',
    path: '/admin/study-records',
    fn: 'records-office-api',
    auth: 'records-office',
    summary:
      "URAO or OGL: one study record of a category the office owns, identified by the office's own reference (sending it again changes nothing)",
  },
  {
    operation: 'startRecordImport',
    method: 'POST',
    path: '/admin/record-imports',
    fn: 'records-office-api',
    auth: 'records-office',
    summary:
      'URAO or OGL: start a CSV import of study records: the job and a presigned POST form for the file (at most 50 MB)',
  },
  {
    operation: 'getRecordImport',
    method: 'GET',
    path: '/admin/record-imports/{jobId}',
    fn: 'records-office-api',
    auth: 'records-office',
    summary:
      'URAO or OGL: an import job of the office: its status, progress and rejected rows (row, column, reason), 100 at a time',
  },
  // Reference data: the HKUST catalog, institutions, the term calendar
  {
    operation: 'listCatalogCourses',
    method: 'GET',
    path: '/admin/courses',
    fn: 'reference-data-api',
    auth: 'aro',
    summary: 'ARO: HKUST catalog courses by code prefix or title words, Offered or Retired, one page',
  },
  {
    operation: 'getCatalogCourse',
    method: 'GET',
    path: '/admin/courses/{code}',
    fn: 'reference-data-api',
    auth: 'aro',
    summary: 'ARO: an HKUST course with its catalog version and audit trail',
  },
  {
    operation: 'putCatalogCourse',
    method: 'PUT',
    path: '/admin/courses/{code}',
    fn: 'reference-data-api',
    auth: 'aro',
    summary:
      'ARO: add or change an HKUST course (title, credits, exclusions, subject area); a change of credits or exclusions flags its Approved mappings for re-review',
  },
  {
    operation: 'retireCatalogCourse',
    method: 'POST',
    path: '/admin/courses/{code}/retire',
    fn: 'reference-data-api',
    auth: 'aro',
    summary: 'ARO: retire an HKUST course; its Approved mappings are flagged for re-review',
  },
  {
    operation: 'importCatalogCsv',
    method: 'POST',
    path: '/admin/catalog-imports',
    fn: 'reference-data-api',
    auth: 'aro',
    summary:
      'ARO: import HKUST courses from a CSV file (text/csv: code,title,credits,subjectArea,exclusions); good rows applied, bad rows reported',
  },
  {
    operation: 'listReReviews',
    method: 'GET',
    path: '/admin/re-reviews',
    fn: 'reference-data-api',
    auth: 'aro',
    summary: 'ARO: Approved mappings flagged for re-review after an HKUST catalog change, oldest first',
  },
  {
    operation: 'resolveReReview',
    method: 'POST',
    path: '/admin/mappings/{ref}/re-review',
    fn: 'reference-data-api',
    auth: 'aro',
    summary: 'ARO: resolve a re-review: Keep (stays Approved) or Expire',
  },
  {
    operation: 'getInstitutionForAro',
    method: 'GET',
    path: '/admin/institutions/{institutionId}',
    fn: 'reference-data-api',
    auth: 'aro',
    summary:
      'ARO: an institution with its aliases, its credit system and grade scale, and its trusted transcript issuers',
  },
  {
    operation: 'putInstitution',
    method: 'PUT',
    path: '/admin/institutions/{institutionId}',
    fn: 'reference-data-api',
    auth: 'aro',
    summary: 'ARO: change an institution (name, country, aliases students search it by)',
  },
  {
    operation: 'listTermCalendar',
    method: 'GET',
    path: '/admin/terms',
    fn: 'reference-data-api',
    auth: 'aro',
    summary: 'ARO: the term calendar, each term with its dates and application deadline',
  },
  {
    operation: 'putCalendarTerm',
    method: 'PUT',
    path: '/admin/terms/{term}',
    fn: 'reference-data-api',
    auth: 'aro',
    summary: 'ARO: set a term of the calendar (its first and last day)',
  },
  // Help: the guide §6 contacts
  // ARO queues, reports and the audit trail
  {
    operation: 'reportMappings',
    method: 'GET',
    path: '/admin/reports/mappings',
    fn: 'aro-reports-api',
    auth: 'aro',
    summary:
      'ARO: the mappings of an institution (or of every institution, A-Z), of one status when given; JSON or ?format=csv, pages with a cursor',
  },
  {
    operation: 'reportMappingsByInstitution',
    method: 'GET',
    path: '/admin/reports/mappings/by-institution',
    fn: 'aro-reports-api',
    auth: 'aro',
    summary: "ARO: each institution's mappings counted by status; JSON or ?format=csv, pages with a cursor",
  },
  {
    operation: 'reportTurnaround',
    method: 'GET',
    path: '/admin/reports/turnaround',
    fn: 'aro-reports-api',
    auth: 'aro',
    summary:
      'ARO: department review turnaround per subject area (median and 90th percentile days) and the reviews waiting, overdue and escalated; JSON or ?format=csv',
  },
  {
    operation: 'reportApplications',
    method: 'GET',
    path: '/admin/reports/applications',
    fn: 'aro-reports-api',
    auth: 'aro',
    summary:
      'ARO: credit transfer applications by status and transfer term; JSON or ?format=csv, pages with a cursor',
  },
  {
    operation: 'reportCreditsTransferred',
    method: 'GET',
    path: '/admin/reports/credits-transferred',
    fn: 'aro-reports-api',
    auth: 'aro',
    summary:
      "ARO: credits transferred (grade T) by transfer term and the student's program; JSON or ?format=csv",
  },
  {
    operation: 'auditTrailOfObject',
    method: 'GET',
    path: '/admin/audit/object',
    fn: 'aro-reports-api',
    auth: 'aro',
    summary:
      "ARO: the audit trail of one object (a mapping, an application, a student's records, an institution, a term, a course, the endorsement rules); JSON or ?format=csv, pages with a cursor",
  },
  {
    operation: 'auditTrailOfActor',
    method: 'GET',
    path: '/admin/audit/actor',
    fn: 'aro-reports-api',
    auth: 'aro',
    summary:
      'ARO: the audit trail of one actor (staff, student, reviewer, system) across every object, in time order; JSON or ?format=csv, pages with a cursor',
  },
  // Signed credit transfer decisions
] as const satisfies readonly RouteDefinition[];

export type Route = (typeof routes)[number];
export type OperationOf<F extends FunctionName> = Extract<Route, { fn: F }>['operation'];
export type RouteKey = `${Route['method']} ${Route['path']}`;

export const routeKey = (r: Pick<RouteDefinition, 'method' | 'path'>): string => `${r.method} ${r.path}`;
