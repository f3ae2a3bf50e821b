import {
  BatchWriteCommand,
  type BatchWriteCommandInput,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  CurrentInstitutionGradingEntity,
  InstitutionGradingEntity,
} from '../../functions/conversion/entities/institution-grading.js';
import { HelpContactsEntity } from '../../functions/help/entities/help-contacts.js';
import { searchWords } from '../../functions/mappings/domain/mapping-search.js';
import { type MappingStatus, mappingStatuses } from '../../functions/mappings/domain/mapping-status.js';
import {
  MappingEntity,
  MappingGroupClaimEntity,
  MappingGroupEntity,
  MappingIdentityEntity,
  mappingGroupCounterKey,
} from '../../functions/mappings/entities/mapping.js';
import { mappingCountItem, mappingSearchItems } from '../../functions/mappings/entities/mapping-search.js';
import {
  type StudyRecordCategory,
  studyRecordCategoryIds,
} from '../../functions/records/domain/study-record.js';
import {
  MyMappingRequestEntity,
  StudentEntity,
  StudyRecordClaimEntity,
  StudyRecordEntity,
} from '../../functions/records/entities/student.js';
import {
  HomeCourseEntity,
  HomeCourseTitleWordEntity,
  InstitutionEntity,
  InstitutionNameWordEntity,
} from '../../functions/reference-data/entities/catalog.js';
import { CalendarTermEntity } from '../../functions/reference-data/entities/term-calendar.js';
import { DepartmentReviewersEntity } from '../../functions/reviews/entities/review.js';
import { AuditEventEntity } from '../../functions/store/audit.js';
import type { Keys, StoredItem } from '../../functions/store/item.js';
import { buildSeed, type SeedData } from './generate.js';
import { seedGradings } from './grading.js';
import { seedTermCalendar } from './term-calendar.js';
import { isoAt, seedNow } from './time.js';

// The local runtime's demo data: a realistic catalog, institutions, ~550 course mappings and the
// students who asked for them. Written once into an empty table; a restart keeps whatever users
// changed since, because the marker item says the table was seeded already.

/**
 * Present once the seed was written in full; written last, so a half-written seed is redone. The
 * version moves when the seed gains items (v2: search entries; v3: the uniqueness claims of groups
 * and mappings, the HKUST title-word index; v4: the institutions' grading; v5: the institutions' name words and the study records' claims; v6: the term calendar, the
 * §6 contacts and the audit events' actor index), so an older local table is topped up.
 */
export const seedMarkerKey: Keys = { pk: 'SEED', sk: 'v6' };

/** Every item of the seed, built through the entities. Pure: the same items on every call. */
export function seedItems(): StoredItem[] {
  return toItems(buildSeed());
}

function toItems(seed: SeedData): StoredItem[] {
  return [
    ...seed.courses.map(HomeCourseEntity.toItem),
    ...seed.courses.flatMap((c) => HomeCourseTitleWordEntity.toItems(c, searchWords(c.title))),
    // Every subject area has a departmental reviewer, so review links reach a department's mailbox.
    ...[...new Set(seed.courses.map((c) => c.subjectArea))].map((subjectArea) =>
      DepartmentReviewersEntity.toItem({
        subjectArea,
        reviewers: [
          {
            name: `${subjectArea} departmental reviewer`,
            email: `${subjectArea.toLowerCase()}-review@ust.hk`,
          },
        ],
        updatedAt: isoAt(seedNow),
        updatedBy: 'seed',
      }),
    ),
    ...seed.institutions.map(InstitutionEntity.toItem),
    // The term calendar of the seeded academic years (ARO's GET /admin/terms).
    ...seedTermCalendar(seed.records.map((r) => r.transferTerm)).map(CalendarTermEntity.toItem),
    // The name-word index "+ Add Another Institution" searches (records/adapters/study-record-writer.ts).
    ...seed.institutions.flatMap(InstitutionNameWordEntity.toItems),
    // Each institution's credit system and grade scale, version 1 and the current pointer to it.
    ...seedGradings(seed.institutions).flatMap((g) => [
      InstitutionGradingEntity.toItem(g),
      CurrentInstitutionGradingEntity.toItem(g),
    ]),
    ...seed.students.map(StudentEntity.toItem),
    ...seed.records.map(StudyRecordEntity.toItem),
    // One record per student, institution and category, as "+ Add Another Institution" claims it.
    ...seed.records.map(StudyRecordClaimEntity.toItem),
    ...seed.groups.map(MappingGroupEntity.toItem),
    // The claims that make a second group or a twin mapping impossible, as a submission writes them.
    ...seed.groups.map(MappingGroupClaimEntity.toItem),
    ...seed.mappings.map(MappingEntity.toItem),
    ...seed.mappings.map(MappingIdentityEntity.toItem),
    ...seed.mappings.flatMap(mappingSearchItems),
    ...[...Map.groupBy(seed.mappings, (m) => m.institutionId)].map(([id, ms]) =>
      mappingCountItem(id, ms.length),
    ),
    ...seed.audit.map(AuditEventEntity.toItem),
    ...seed.requests.map(MyMappingRequestEntity.toItem),
    // The Help page's contacts as the guide gives them (§6), as if ARO had entered them.
    HelpContactsEntity.toItem({
      ...HelpContactsEntity.asInTheGuide(),
      version: 1,
      updatedAt: isoAt(seedNow),
      updatedBy: 'seed',
    }),
    // The group sequence continues after the highest number seeded.
    { ...mappingGroupCounterKey, type: 'Counter', lastValue: seed.lastGroupNumber },
  ];
}

/** The seeded mappings (the same on every call). */
export const seededMappings = () => buildSeed().mappings;

export interface SeedSummary {
  courses: number;
  subjectAreas: number;
  institutions: number;
  mappings: number;
  mappingGroups: number;
  mappingsByStatus: Record<MappingStatus, number>;
  students: number;
  demoStudents: number;
  studyRecords: number;
  recordsByCategory: Record<StudyRecordCategory, number>;
  items: number;
}

/** Counts for the start banner. */
export function seedSummary(): SeedSummary {
  const seed = buildSeed();
  const mappingsByStatus = Object.fromEntries(mappingStatuses.map((s) => [s, 0])) as Record<
    MappingStatus,
    number
  >;
  for (const m of seed.mappings) mappingsByStatus[m.status]++;
  const recordsByCategory = Object.fromEntries(studyRecordCategoryIds.map((c) => [c, 0])) as Record<
    StudyRecordCategory,
    number
  >;
  for (const r of seed.records) recordsByCategory[r.category]++;
  return {
    courses: seed.courses.length,
    subjectAreas: new Set(seed.courses.map((c) => c.subjectArea)).size,
    institutions: seed.institutions.length,
    mappings: seed.mappings.length,
    mappingGroups: seed.groups.length,
    mappingsByStatus,
    students: seed.students.length,
    demoStudents: seed.demoStudentIds.length,
    studyRecords: seed.records.length,
    recordsByCategory,
    items: toItems(seed).length,
  };
}

const batchSize = 25;
const concurrentBatches = 8;
const maxAttempts = 10;

/**
 * Writes the seed into `tableName` unless it is there already (then writes nothing: users' changes
 * survive a restart). Batches of 25, eight at a time, retrying what DynamoDB leaves unprocessed.
 */
export async function seedTable(
  db: DynamoDBDocumentClient,
  tableName: string,
  onProgress?: (done: number, total: number) => void,
): Promise<{ written: number; skipped: boolean }> {
  const marker = await db.send(
    new GetCommand({ TableName: tableName, Key: seedMarkerKey, ConsistentRead: true }),
  );
  if (marker.Item) return { written: 0, skipped: true };

  const items = seedItems();
  const batches: StoredItem[][] = [];
  for (let i = 0; i < items.length; i += batchSize) batches.push(items.slice(i, i + batchSize));

  let done = 0;
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      const batch = batches[next++] ?? [];
      await writeBatch(db, tableName, batch);
      done += batch.length;
      onProgress?.(done, items.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrentBatches, batches.length) }, worker));

  await db.send(
    new PutCommand({
      TableName: tableName,
      Item: { ...seedMarkerKey, type: 'SeedMarker', items: items.length, seededAt: new Date().toISOString() },
    }),
  );
  return { written: items.length, skipped: false };
}

async function writeBatch(db: DynamoDBDocumentClient, tableName: string, items: StoredItem[]): Promise<void> {
  type WriteRequests = NonNullable<BatchWriteCommandInput['RequestItems']>[string];
  let pending: WriteRequests = items.map((Item) => ({ PutRequest: { Item } }));
  for (let attempt = 1; pending.length > 0; attempt++) {
    if (attempt > maxAttempts) {
      throw new Error(
        `Seeding ${tableName}: ${pending.length} items still unprocessed after ${maxAttempts} attempts`,
      );
    }
    if (attempt > 1)
      await new Promise((resolve) => setTimeout(resolve, Math.min(2000, 50 * 2 ** (attempt - 2))));
    const result = await db.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
    pending = result.UnprocessedItems?.[tableName] ?? [];
  }
}
