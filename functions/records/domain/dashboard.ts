import type { ApplicationStatus } from '../../applications/contracts.js';
import type { Application } from '../../applications/entities/application.js';
import { compareIds, compareNames } from '../../commons/ordering.js';
import { awaitsStudent, isPendingMapping, type MappingStatus } from '../../mappings/domain/mapping-status.js';
import type { Mapping } from '../../mappings/entities/mapping.js';
import type { MyMappingRequest, Student, StudyRecord } from '../entities/student.js';
import { studyRecordCategories } from './study-record.js';

// The Student Dashboard (guide §2), built from what the student's partition holds. Pure: no I/O.

export interface StudentOverview {
  student: Student;
  records: StudyRecord[];
  myMappingRequests: { request: MyMappingRequest; mapping: Mapping }[];
  applications: Application[];
}

export type ToDoItem =
  | {
      kind: 'mapping';
      ref: string;
      status: MappingStatus;
      /** What the student has to do, in the guide's words. */
      action: 'Provide Info';
      incomingCourse: string;
      homeCourse: string;
      reviewerNote?: string;
    }
  | {
      kind: 'application';
      applicationId: string;
      ref: string;
      status: ApplicationStatus;
      action: 'Provide Info';
      incomingCourse: string;
      homeCourse: string;
      reviewerNote?: string;
    };

/** An application still in process or waiting for the student: not yet decided, withdrawn or declined. */
const pendingApplication = (status: ApplicationStatus): boolean =>
  ['Draft', 'Pending Program Office Endorsement', 'Submitted', 'Need Further Info'].includes(status);

export interface InstitutionSummary {
  recordId: string;
  institutionName: string;
  category: string;
  transferTerm: string;
  studyPeriod: string;
  mappingRequests: { total: number; byStatus: Partial<Record<MappingStatus, number>> };
  applications: { total: number; byStatus: Partial<Record<ApplicationStatus, number>> };
  /** No. of pending items under this institution: requests still in review or awaiting the student. */
  pendingItems: number;
}

export interface Dashboard {
  studentInformation: Student;
  /** All study records in ascending order by institution name. */
  institutions: { recordId: string; institutionName: string }[];
  toDoList: { recordId: string; institutionName: string; items: ToDoItem[] }[];
  creditTransferSummary: InstitutionSummary[];
}

const byInstitutionName = (a: StudyRecord, b: StudyRecord): number =>
  compareNames(a.institutionName, b.institutionName) || compareIds(a.recordId, b.recordId);

const describeCourses = (courses: { code: string; title: string }[]): string =>
  courses.map((c) => `${c.code} ${c.title}`).join(' / ');

export function buildDashboard(overview: StudentOverview): Dashboard {
  const records = [...overview.records].sort(byInstitutionName);
  const requestsByRecord = Map.groupBy(overview.myMappingRequests, (r) => r.request.recordId);
  const applicationsByRecord = Map.groupBy(overview.applications, (a) => a.recordId);

  const toDoList: Dashboard['toDoList'] = [];
  const creditTransferSummary: InstitutionSummary[] = [];
  for (const record of records) {
    const requests = requestsByRecord.get(record.recordId) ?? [];
    const byStatus: Partial<Record<MappingStatus, number>> = {};
    for (const { mapping } of requests) byStatus[mapping.status] = (byStatus[mapping.status] ?? 0) + 1;

    // Notify Me entries are followed, not owned: only the student's own requests wait on them.
    const applications = applicationsByRecord.get(record.recordId) ?? [];
    const applicationsByStatus: Partial<Record<ApplicationStatus, number>> = {};
    for (const a of applications) applicationsByStatus[a.status] = (applicationsByStatus[a.status] ?? 0) + 1;
    const mappingItems: ToDoItem[] = requests
      .filter(({ request, mapping }) => request.relation === 'requester' && awaitsStudent(mapping.status))
      .map(({ mapping }) => ({
        kind: 'mapping',
        ref: mapping.ref,
        status: mapping.status,
        action: 'Provide Info',
        incomingCourse: describeCourses(mapping.incomingCourses),
        homeCourse: describeCourses(mapping.homeCourses),
        ...(mapping.reviewerNote ? { reviewerNote: mapping.reviewerNote } : {}),
      }));
    const applicationItems: ToDoItem[] = applications
      .filter((a) => a.status === 'Need Further Info')
      .sort((a, b) => compareIds(a.updatedAt, b.updatedAt))
      .map((a) => ({
        kind: 'application',
        applicationId: a.applicationId,
        ref: a.ref,
        status: a.status,
        action: 'Provide Info',
        incomingCourse: describeCourses(a.incomingCourses),
        homeCourse: describeCourses(a.homeCourses),
        ...(a.furtherInfo?.note ? { reviewerNote: a.furtherInfo.note } : {}),
      }));
    const items = [...mappingItems, ...applicationItems];
    if (items.length > 0)
      toDoList.push({ recordId: record.recordId, institutionName: record.institutionName, items });

    creditTransferSummary.push({
      recordId: record.recordId,
      institutionName: record.institutionName,
      category: studyRecordCategories[record.category].label,
      transferTerm: record.transferTerm,
      studyPeriod: record.studyPeriod,
      mappingRequests: { total: requests.length, byStatus },
      applications: { total: applications.length, byStatus: applicationsByStatus },
      pendingItems:
        requests.filter(
          ({ request, mapping }) => request.relation === 'requester' && isPendingMapping(mapping.status),
        ).length + applications.filter((a) => pendingApplication(a.status)).length,
    });
  }

  return {
    studentInformation: overview.student,
    institutions: records.map((r) => ({ recordId: r.recordId, institutionName: r.institutionName })),
    toDoList,
    creditTransferSummary,
  };
}
