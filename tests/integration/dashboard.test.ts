import { describe, expect, it } from 'vitest';
import type { Dashboard } from '../../functions/records/domain/dashboard.js';
import { demoStudents } from '../../local/seed/people.js';
import { api, signIn } from '../support/api.js';

describe('Student Dashboard (guide §2)', () => {
  const student = demoStudents[0];
  if (!student) throw new Error('the seed has no demo student');

  it('shows the signed-in student their information, institutions A-Z, To Do List and summary', async () => {
    // Given a seeded student signed in through the local sign-in
    const token = await signIn(student.studentId);
    // When they open their dashboard
    const { status, body } = await api<Dashboard>('GET', '/students/me/dashboard', { token });
    // Then it is theirs, complete and in the guide's order
    expect(status).toBe(200);
    expect(body.studentInformation).toMatchObject({ studentId: student.studentId, email: student.email });
    const names = body.institutions.map((i) => i.institutionName);
    expect(names.length).toBeGreaterThanOrEqual(3);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' })));
    const toDo = body.toDoList.flatMap((group) => group.items);
    expect(toDo.some((item) => item.status === 'Need Further Info' && item.action === 'Provide Info')).toBe(
      true,
    );
    expect(body.creditTransferSummary.map((s) => s.recordId)).toEqual(
      body.institutions.map((i) => i.recordId),
    );
    expect(body.creditTransferSummary.some((s) => s.pendingItems > 0)).toBe(true);
  });

  it("never shows one student another student's records", async () => {
    const other = demoStudents[1];
    if (!other) throw new Error('the seed needs two demo students');
    const [mine, theirs] = await Promise.all([
      api<Dashboard>('GET', '/students/me/dashboard', { token: await signIn(student.studentId) }),
      api<Dashboard>('GET', '/students/me/dashboard', { token: await signIn(other.studentId) }),
    ]);
    expect(theirs.body.studentInformation.studentId).toBe(other.studentId);
    const myRecords = new Set(mine.body.institutions.map((i) => i.recordId));
    expect(theirs.body.institutions.some((i) => myRecords.has(i.recordId))).toBe(false);
  });
});
