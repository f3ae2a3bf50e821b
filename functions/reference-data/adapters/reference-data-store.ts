import { randomUUID } from 'node:crypto';
import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { AuditEventEntity } from '../../store/audit.js';
import { batchGetAll, queryAll, TableStore, type TransactItem } from '../../store/dynamo.js';
import { stateChangeItems } from '../../store/state-change.js';
import { type CourseStatus, courseTransitions } from '../domain/catalog-rules.js';
import { institutionSearchWords } from '../domain/institution-search.js';
import {
  type HomeCourse,
  HomeCourseEntity,
  HomeCourseTitleWordEntity,
  homeCoursePk,
  type Institution,
  InstitutionEntity,
  InstitutionNameWordEntity,
  institutionPk,
} from '../entities/catalog.js';
import { type CalendarTerm, CalendarTermEntity, termPk } from '../entities/term-calendar.js';
import type { CatalogStore, CourseCommit, CoursePage } from '../use-cases/catalog.js';
import type { InstitutionStore } from '../use-cases/institutions.js';
import type { TermCalendarStore } from '../use-cases/term-calendar.js';

// The reference data on the single table: every read a GetItem or a bounded Query (the catalog's
// collections, the title-word index, the calendar's collection), every change one transaction with
// its audit event, its indexes rewritten and its outbox items.

/**
 * The version check of an item that may predate versions (the seed's courses and institutions):
 * version 0 means "never changed by ARO", which such an item is as long as it has no version yet.
 */
function versionCondition(
  expected: number,
): Pick<NonNullable<TransactItem['Put']>, 'ConditionExpression' | 'ExpressionAttributeValues'> {
  return expected === 0
    ? { ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(version)' }
    : { ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': expected } };
}

const maxTransactItems = 100;
const packConcurrency = 4;

export class DynamoReferenceDataStore
  extends TableStore
  implements CatalogStore, InstitutionStore, TermCalendarStore
{
  constructor(
    db: DynamoDBDocumentClient,
    tableName: string,
    /** The title words the course search reads (the mapping search's tokenizer). */
    private readonly titleWords: (title: string) => string[],
  ) {
    super(db, tableName);
  }

  // ---- the catalog ----

  getCourse(code: string) {
    return this.getItem(HomeCourseEntity.key(code), HomeCourseEntity);
  }

  async getCourses(codes: readonly string[]) {
    const keys = [...new Set(codes)].map(HomeCourseEntity.key);
    // Consistent: an import judges each row "unchanged" or not by what it reads here.
    return (await batchGetAll(this.db, this.tableName, keys, { consistent: true })).map(
      HomeCourseEntity.fromItem,
    );
  }

  async listByCode(
    status: CourseStatus,
    prefix: string,
    limit: number,
    cursor?: string,
  ): Promise<CoursePage> {
    const collection =
      status === 'Retired' ? HomeCourseEntity.retiredCollection : HomeCourseEntity.collection;
    const after = cursor?.replace(/\s+/g, '').toUpperCase();
    const page = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'byCollection',
        KeyConditionExpression: prefix ? 'gsi1pk = :pk and begins_with(gsi1sk, :prefix)' : 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': collection, ...(prefix ? { ':prefix': prefix } : {}) },
        Limit: limit,
        ...(after
          ? { ExclusiveStartKey: { ...HomeCourseEntity.key(after), gsi1pk: collection, gsi1sk: after } }
          : {}),
      }),
    );
    const courses = (page.Items ?? []).map(HomeCourseEntity.fromItem);
    const last = courses.at(-1);
    return { courses, ...(page.LastEvaluatedKey && last ? { nextCursor: last.code } : {}) };
  }

  async listByTitleWord(word: string, limit: number) {
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk and begins_with(sk, :word)',
        ExpressionAttributeValues: { ':pk': HomeCourseTitleWordEntity.pk, ':word': word },
        Limit: limit,
      }),
    );
    const byCode = new Map(Items.map(HomeCourseTitleWordEntity.fromItem).map((c) => [c.code, c]));
    return [...byCode.values()].sort((a, b) => a.code.localeCompare(b.code));
  }

  async history(code: string) {
    return (await this.prefixQuery(homeCoursePk(code), AuditEventEntity.prefix(code))).map(
      AuditEventEntity.fromItem,
    );
  }

  /** The title words an offered course is found by (a retired one by none). */
  private wordsOf(c: HomeCourse | undefined): string[] {
    return c && (c.status ?? 'Offered') === 'Offered' ? this.titleWords(c.title) : [];
  }

  /** A course change's transaction items: the course first, so its condition is the first code. */
  private commitItems({ previous, next, audit, outbox }: CourseCommit): TransactItem[] {
    const [state, ...rest] = stateChangeItems(this.tableName, {
      table: courseTransitions,
      id: next.code,
      item: HomeCourseEntity.toItem(next),
      ...(previous ? { expectedVersion: previous.version ?? 0, from: previous.status ?? 'Offered' } : {}),
      to: next.status ?? 'Offered',
      audit: { ...audit, subjectPk: homeCoursePk(next.code), subjectId: next.code },
      outbox,
    }) as [TransactItem, ...TransactItem[]];
    const guarded: TransactItem =
      previous && (previous.version ?? 0) === 0
        ? { Put: { TableName: this.tableName, Item: state.Put?.Item ?? {}, ...versionCondition(0) } }
        : state;
    const words = this.wordsOf(next);
    const gone = this.wordsOf(previous).filter((w) => !words.includes(w));
    return [
      guarded,
      ...rest,
      ...gone.map(
        (w): TransactItem => ({
          Delete: { TableName: this.tableName, Key: HomeCourseTitleWordEntity.key(w, next.code) },
        }),
      ),
      // Every word is rewritten: each carries a copy of the course (its credits, its exclusions).
      ...HomeCourseTitleWordEntity.toItems(next, words).map(
        (Item): TransactItem => ({ Put: { TableName: this.tableName, Item } }),
      ),
    ];
  }

  async commit(change: CourseCommit): Promise<boolean> {
    const codes = await this.tryTransact(this.commitItems(change));
    if (!codes) return true;
    if (codes[0] === 'ConditionalCheckFailed' || codes.includes('TransactionConflict')) return false;
    throw new Error(`HKUST course ${change.next.code} not changed: ${codes.join(', ')}`);
  }

  async commitAll(changes: readonly CourseCommit[]): Promise<boolean[]> {
    // Packed into transactions of at most 100 items (a course's change is some 5 to 30): a file of
    // thousands of new courses is a few hundred transactions, not thousands.
    const packs: { indexes: number[]; items: TransactItem[] }[] = [];
    changes.forEach((change, i) => {
      const items = this.commitItems(change);
      const last = packs.at(-1);
      if (last && last.items.length + items.length <= maxTransactItems) {
        last.indexes.push(i);
        last.items.push(...items);
      } else packs.push({ indexes: [i], items });
    });
    const done: boolean[] = changes.map(() => false);
    let next = 0;
    const worker = async () => {
      while (next < packs.length) {
        const pack = packs[next++] as (typeof packs)[number];
        if (!(await this.tryTransact(pack.items))) {
          for (const i of pack.indexes) done[i] = true;
          continue;
        }
        // Refused as a whole: each change alone, so only the one that lost its race is refused.
        for (const i of pack.indexes) done[i] = await this.commit(changes[i] as CourseCommit);
      }
    };
    await Promise.all(Array.from({ length: packConcurrency }, worker));
    return done;
  }

  // ---- institutions ----

  getInstitution(institutionId: string) {
    return this.getItem(InstitutionEntity.key(institutionId), InstitutionEntity);
  }

  async commitInstitution(
    previous: Institution,
    next: Institution,
    audit: Parameters<InstitutionStore['commitInstitution']>[2],
  ): Promise<boolean> {
    const words = new Set(institutionSearchWords(next));
    const gone = institutionSearchWords(previous).filter((w) => !words.has(w));
    const codes = await this.tryTransact([
      {
        Put: {
          TableName: this.tableName,
          Item: InstitutionEntity.toItem(next),
          ...versionCondition(previous.version ?? 0),
        },
      },
      {
        Put: {
          TableName: this.tableName,
          Item: AuditEventEntity.toItem({
            ...audit,
            subjectPk: institutionPk(next.institutionId),
            subjectId: next.institutionId,
            eventId: randomUUID(),
          }),
        },
      },
      ...gone.map(
        (w): TransactItem => ({
          Delete: { TableName: this.tableName, Key: InstitutionNameWordEntity.key(w, next.institutionId) },
        }),
      ),
      ...InstitutionNameWordEntity.toItems(next).map(
        (Item): TransactItem => ({ Put: { TableName: this.tableName, Item } }),
      ),
    ]);
    if (!codes) return true;
    if (codes[0] === 'ConditionalCheckFailed' || codes.includes('TransactionConflict')) return false;
    throw new Error(`Institution ${next.institutionId} not changed: ${codes.join(', ')}`);
  }

  // ---- the term calendar ----

  async listTerms(): Promise<CalendarTerm[]> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      IndexName: 'byCollection',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': CalendarTermEntity.collection },
    });
    return items.map(CalendarTermEntity.fromItem);
  }

  getTerm(term: string) {
    return this.getItem(CalendarTermEntity.key(term), CalendarTermEntity);
  }

  async commitTerm(
    previous: CalendarTerm | undefined,
    next: CalendarTerm,
    audit: Parameters<TermCalendarStore['commitTerm']>[2],
  ): Promise<boolean> {
    const codes = await this.tryTransact([
      {
        Put: {
          TableName: this.tableName,
          Item: CalendarTermEntity.toItem(next),
          ...(previous
            ? {
                ConditionExpression: 'version = :expected',
                ExpressionAttributeValues: { ':expected': previous.version },
              }
            : { ConditionExpression: 'attribute_not_exists(pk)' }),
        },
      },
      {
        Put: {
          TableName: this.tableName,
          Item: AuditEventEntity.toItem({
            ...audit,
            subjectPk: termPk(next.term),
            subjectId: next.term,
            eventId: randomUUID(),
          }),
        },
      },
    ]);
    if (!codes) return true;
    if (codes[0] === 'ConditionalCheckFailed' || codes.includes('TransactionConflict')) return false;
    throw new Error(`Term ${next.term} not changed: ${codes.join(', ')}`);
  }
}
