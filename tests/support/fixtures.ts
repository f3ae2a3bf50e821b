import { randomInt } from 'node:crypto';
import { BatchWriteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { MappingStatus } from '../../functions/mappings/domain/mapping-status.js';
import {
  formatGroupRef,
  type Mapping,
  MappingEntity,
  MappingGroupEntity,
} from '../../functions/mappings/entities/mapping.js';
import { MappingSearchEntity, mappingSearchItems } from '../../functions/mappings/entities/mapping-search.js';
import type { Dashboard } from '../../functions/records/domain/dashboard.js';
import {
  MyMappingRequestEntity,
  type StudyRecord,
  StudyRecordEntity,
} from '../../functions/records/entities/student.js';
import { api } from './api.js';
import { documentClient, runtimeEnv } from './aws.js';

// Test data written straight into the table, through the entities, for states a test needs but
// should not wait a workflow for (a Denied or Expired mapping of its own). Refs are B9xxxxx, apart
// from the seeded ones, so tests never change the seed other tests read.

export async function firstRecord(token: string) {
  const { body } = await api<Dashboard>('GET', '/students/me/dashboard', { token });
  const first = body.creditTransferSummary[0];
  if (!first) throw new Error('the student has no study record');
  const record = await api<{
    record: { institutionId: string; institutionName: string; transferTerm: string };
  }>('GET', `/students/me/records/${first.recordId}`, { token });
  return { recordId: first.recordId, ...record.body.record };
}

export interface MappingFixture {
  studentId: string;
  recordId: string;
  institutionId: string;
  institutionName: string;
  status: MappingStatus;
  homeCourse?: { code: string; title: string; credits: number; subjectArea: string };
  patch?: Partial<Mapping>;
}

export async function givenMapping(f: MappingFixture): Promise<Mapping> {
  const groupRef = formatGroupRef(900_000 + randomInt(99_999));
  const now = new Date().toISOString();
  const incomingCourses = [
    {
      code: `TST${randomInt(1000, 9999)}`,
      title: 'Fixture Course in Thermodynamics',
      credits: 3,
      creditUnit: 'CREDIT' as const,
    },
  ];
  const mapping: Mapping = {
    ref: `${groupRef}-01`,
    groupRef,
    institutionId: f.institutionId,
    institutionName: f.institutionName,
    incomingCourses,
    homeCourses: [
      f.homeCourse ?? { code: 'MECH2310', title: 'Thermodynamics', credits: 3, subjectArea: 'MECH' },
    ],
    status: f.status,
    requestedBy: f.studentId,
    createdAt: now,
    updatedAt: now,
    version: 1,
    ...f.patch,
  };
  const items = [
    MappingGroupEntity.toItem({ groupRef, institutionId: f.institutionId, incomingCourses, lastSuffix: 1 }),
    MappingEntity.toItem(mapping),
    MyMappingRequestEntity.toItem({
      studentId: f.studentId,
      recordId: f.recordId,
      institutionId: f.institutionId,
      ref: mapping.ref,
      relation: 'requester',
      addedAt: now,
    }),
    ...mappingSearchItems(mapping),
  ];
  const db = documentClient();
  for (let i = 0; i < items.length; i += 25) {
    await db.send(
      new BatchWriteCommand({
        RequestItems: {
          [runtimeEnv().TABLE_NAME as string]: items
            .slice(i, i + 25)
            .map((Item) => ({ PutRequest: { Item } })),
        },
      }),
    );
  }
  // As a submission does in its transaction: the institution's count, the default view's total.
  await db.send(
    new UpdateCommand({
      TableName: runtimeEnv().TABLE_NAME as string,
      Key: MappingSearchEntity.countKey(f.institutionId),
      UpdateExpression: 'ADD mappings :one',
      ExpressionAttributeValues: { ':one': 1 },
    }),
  );
  return mapping;
}

/** A study record of the student at an institution of the test's own, so search results are exactly known. */
export async function givenStudyRecord(
  studentId: string,
  transferTerm = '2024-25 Fall',
  at?: Pick<StudyRecord, 'institutionId' | 'institutionName'>,
) {
  const suffix = randomInt(100_000, 999_999);
  const record: StudyRecord = {
    studentId,
    recordId: `SR-FX-${suffix}`,
    institutionId: at?.institutionId ?? `fx-${suffix}`,
    institutionName: at?.institutionName ?? `Fixture University ${suffix}`,
    category: 'hkust-organized-study-abroad',
    transferTerm,
    studyPeriod: transferTerm,
    createdBy: 'OGL',
    createdAt: new Date().toISOString(),
  };
  await documentClient().send(
    new PutCommand({ TableName: runtimeEnv().TABLE_NAME as string, Item: StudyRecordEntity.toItem(record) }),
  );
  return record;
}
