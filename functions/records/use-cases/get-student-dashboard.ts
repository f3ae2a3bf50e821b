// Input: the signed-in student's id. Output: the Student Dashboard (guide §2).
// Primary course: read the student's overview (their partition plus the mappings they follow) and
// build the dashboard from it. Fails with NotFound when no student record exists for the sign-in.
import { NotFoundError } from '../../commons/errors.js';
import { buildDashboard, type Dashboard, type StudentOverview } from '../domain/dashboard.js';

export interface StudentOverviewReader {
  loadStudentOverview(studentId: string): Promise<StudentOverview | undefined>;
}

export async function getStudentDashboard(
  deps: { students: StudentOverviewReader },
  studentId: string,
): Promise<Dashboard> {
  const overview = await deps.students.loadStudentOverview(studentId);
  if (!overview) throw new NotFoundError(`No student record for student ${studentId}`);
  return buildDashboard(overview);
}
