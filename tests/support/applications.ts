import { randomInt, randomUUID } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { expect } from 'vitest';
import type { ApplicationView, AroApplicationView } from '../../functions/applications/contracts.js';
import { InstitutionEntity } from '../../functions/reference-data/entities/catalog.js';
import { type Transcript, TranscriptEntity } from '../../functions/transcripts/entities/transcript.js';
import { api } from './api.js';
import { documentClient, eventually, runtimeEnv } from './aws.js';
import { givenMapping, givenStudyRecord } from './fixtures.js';

// The credit transfer application a test starts from, through the same doors a student and ARO
// use: a study record at an institution of its own (so no other test's grading or rules touch
// it) with its grade scale, an Approved mapping to an HKUST course of its own, Apply for CT.

export const usLetterGrades = [
  { grade: 'A', ucts: 'A' },
  { grade: 'B', ucts: 'B' },
  { grade: 'C', ucts: 'C' },
  { grade: 'D', ucts: 'E' },
  { grade: 'F', ucts: 'F' },
];

export interface DraftApplicationFixture {
  studentId: string;
  studentToken: string;
  aroToken: string;
  transferTerm: string;
  /** The HKUST course of the mapping: a code made of the prefix and four random digits. */
  homeCourse: { prefix: string; title: string };
}

export async function givenDraftApplication(f: DraftApplicationFixture) {
  const record = await givenStudyRecord(f.studentId, f.transferTerm);
  await documentClient().send(
    new PutCommand({
      TableName: runtimeEnv().TABLE_NAME as string,
      Item: InstitutionEntity.toItem({
        institutionId: record.institutionId,
        name: record.institutionName,
        country: 'United States',
      }),
    }),
  );
  const code = `${f.homeCourse.prefix}${randomInt(1000, 9999)}`;
  const mapping = await givenMapping({
    studentId: f.studentId,
    recordId: record.recordId,
    institutionId: record.institutionId,
    institutionName: record.institutionName,
    status: 'Approved',
    homeCourse: { code, title: f.homeCourse.title, credits: 3, subjectArea: f.homeCourse.prefix },
    patch: { validFrom: '2023-24 Fall', validTo: '2028-29 Spring' },
  });
  const graded = await api('PUT', `/admin/institutions/${record.institutionId}/grading`, {
    token: f.aroToken,
    body: {
      creditSystem: { name: 'US semester credits', unit: 'CREDIT', creditsPerSemester: 15 },
      gradeScale: { id: `us-letter-${record.institutionId}`, grades: usLetterGrades },
      version: 0,
    },
  });
  expect(graded.status).toBe(200);
  const applied = await api<ApplicationView>('POST', `/students/me/records/${record.recordId}/applications`, {
    token: f.studentToken,
    body: { ref: mapping.ref },
  });
  expect(applied.status).toBe(201);
  return { record, mapping, code, application: applied.body };
}

/** A transcript of the record ARO has received (Presented at ARO), then Verified through the admin API. */
export async function givenVerifiedTranscript(
  aro: { token: string; staffId: string },
  studentId: string,
  record: { recordId: string; institutionId: string; institutionName: string },
): Promise<void> {
  const at = new Date().toISOString();
  const transcript: Transcript = {
    studentId,
    recordId: record.recordId,
    transcriptId: randomUUID(),
    institutionId: record.institutionId,
    institutionName: record.institutionName,
    fileName: 'transcript.pdf',
    fileKind: 'pdf',
    objectKey: `transcripts/${studentId}/x.pdf`,
    source: 'Presented at ARO',
    addedBy: aro.staffId,
    addedAt: at,
    status: 'Pending Review',
    updatedAt: at,
    version: 1,
  };
  await documentClient().send(
    new PutCommand({
      TableName: runtimeEnv().TABLE_NAME as string,
      Item: TranscriptEntity.toItem(transcript),
    }),
  );
  const set = await api('PUT', `/admin/students/${studentId}/transcripts/${transcript.transcriptId}/status`, {
    token: aro.token,
    body: { status: 'Verified', version: 1 },
  });
  expect(set.status).toBe(200);
}

/** ARO's view of the application once it has reached the status (and awaits the step, if named). */
export function applicationBecomes(
  aroToken: string,
  id: string,
  status: string,
  awaiting?: string,
): Promise<AroApplicationView> {
  return eventually(
    async () => {
      const { body } = await api<AroApplicationView>('GET', `/admin/applications/${id}`, { token: aroToken });
      return body.status === status && (!awaiting || body.awaiting?.includes(awaiting)) ? body : undefined;
    },
    `${id} to become ${status}${awaiting ? ` awaiting ${awaiting}` : ''}`,
    20_000,
  );
}
