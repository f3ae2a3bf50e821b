import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { ApplicationStatus } from '../../applications/contracts.js';
import { type Application, ApplicationEntity } from '../../applications/entities/application.js';
import { ValidationError } from '../../commons/errors.js';
import { AwaitedStepEntity } from '../../human-steps/entities/awaited-step.js';
import { MappingSearchEntity, type MappingSearchEntry } from '../../mappings/entities/mapping-search.js';
import { StudentEntity } from '../../records/entities/student.js';
import { HomeCourseEntity, InstitutionEntity } from '../../reference-data/entities/catalog.js';
import { TurnaroundEntity } from '../../reviews/entities/review.js';
import { type AuditEvent, AuditEventEntity } from '../../store/audit.js';
import { batchGetAll } from '../../store/dynamo.js';
import type { IndexName } from '../../store/table.js';
import type { PageKey } from '../domain/cursor.js';
import type {
  InstitutionCollection,
  InstitutionRef,
  Positioned,
  ReadOptions,
  ReportReader,
  TimeWindow,
  WaitingStep,
} from '../use-cases/ports.js';

// The reports' reads: every one a Query on the table or a GSI (never a Scan), paged with
// ExclusiveStartKey and pulled by the caller one item at a time, so only one page is held at once.
// Report reads are eventually consistent (half the read units): a report is a view, nothing decides
// on it.

const indexKeys = {
  byCollection: ['gsi1pk', 'gsi1sk'],
  byOwner: ['gsi2pk', 'gsi2sk'],
} as const satisfies Record<IndexName, readonly [string, string]>;

interface QuerySpec {
  index?: IndexName;
  /** The partition queried: a position from elsewhere is refused before DynamoDB sees it. */
  partition: string;
  keyCondition: string;
  values: Record<string, unknown>;
  names?: Record<string, string>;
  filter?: string;
  projection?: string;
}

export class DynamoReportReader implements ReportReader {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** The key attributes that position an item in the Query (the table's, and the index's). */
  private positionOf(item: Record<string, unknown>, index: IndexName | undefined): PageKey {
    const names = ['pk', 'sk', ...(index ? indexKeys[index] : [])];
    return Object.fromEntries(names.map((n) => [n, String(item[n])]));
  }

  private checkAfter(spec: QuerySpec, after: PageKey): void {
    const expected = ['pk', 'sk', ...(spec.index ? indexKeys[spec.index] : [])].sort();
    const partitionKey = spec.index ? indexKeys[spec.index][0] : 'pk';
    if (Object.keys(after).sort().join() !== expected.join() || after[partitionKey] !== spec.partition) {
      throw ValidationError.of('query.cursor', 'is not a cursor of this report');
    }
  }

  private async *query(spec: QuerySpec, options: ReadOptions = {}): AsyncIterable<Record<string, unknown>> {
    if (options.after) this.checkAfter(spec, options.after);
    let ExclusiveStartKey: Record<string, unknown> | undefined = options.after;
    do {
      const input: QueryCommandInput = {
        TableName: this.tableName,
        ...(spec.index ? { IndexName: spec.index } : {}),
        KeyConditionExpression: spec.keyCondition,
        ExpressionAttributeValues: spec.values,
        ...(spec.names ? { ExpressionAttributeNames: spec.names } : {}),
        ...(spec.filter ? { FilterExpression: spec.filter } : {}),
        ...(spec.projection ? { ProjectionExpression: spec.projection } : {}),
        ...(options.pageSize ? { Limit: options.pageSize } : {}),
        ...(ExclusiveStartKey ? { ExclusiveStartKey } : {}),
      };
      const page = await this.db.send(new QueryCommand(input));
      for (const item of page.Items ?? []) yield item;
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
  }

  private async *positioned<T>(
    spec: QuerySpec,
    options: ReadOptions | undefined,
    fromItem: (item: Record<string, unknown>) => T,
  ): AsyncIterable<Positioned<T>> {
    for await (const item of this.query(spec, options)) {
      yield { value: fromItem(item), at: this.positionOf(item, spec.index) };
    }
  }

  institutions(
    collection: InstitutionCollection,
    options?: ReadOptions,
  ): AsyncIterable<Positioned<InstitutionRef>> {
    const partition =
      collection === 'listed' ? InstitutionEntity.collection : InstitutionEntity.proposedCollection;
    return this.positioned(
      {
        index: 'byCollection',
        partition,
        keyCondition: 'gsi1pk = :p',
        values: { ':p': partition },
      },
      options,
      (item) => {
        const i = InstitutionEntity.fromItem(item);
        return { institutionId: i.institutionId, institutionName: i.name };
      },
    );
  }

  async institution(institutionId: string): Promise<InstitutionRef | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: InstitutionEntity.key(institutionId) }),
    );
    if (!Item) return undefined;
    const i = InstitutionEntity.fromItem(Item);
    return { institutionId: i.institutionId, institutionName: i.name };
  }

  mappingsAt(
    institutionId: string,
    status: string | undefined,
    options?: ReadOptions,
  ): AsyncIterable<Positioned<MappingSearchEntry>> {
    const partition = MappingSearchEntity.institutionPk(institutionId);
    return this.positioned(
      {
        partition,
        keyCondition: 'pk = :pk AND begins_with(sk, :list)',
        values: {
          ':pk': partition,
          ':list': MappingSearchEntity.listPrefix,
          ...(status ? { ':s': status } : {}),
        },
        ...(status ? { names: { '#status': 'status' }, filter: '#status = :s' } : {}),
      },
      options,
      MappingSearchEntity.fromItem,
    );
  }

  async *mappingStatusesAt(institutionId: string): AsyncIterable<string> {
    const partition = MappingSearchEntity.institutionPk(institutionId);
    for await (const item of this.query(
      {
        partition,
        keyCondition: 'pk = :pk AND begins_with(sk, :list)',
        values: { ':pk': partition, ':list': MappingSearchEntity.listPrefix },
        names: { '#status': 'status' },
        projection: '#status',
      },
      { pageSize: 500 },
    )) {
      yield String(item.status);
    }
  }

  async *catalogSubjectAreas(): AsyncIterable<string> {
    for await (const item of this.query(
      {
        index: 'byCollection',
        partition: HomeCourseEntity.collection,
        keyCondition: 'gsi1pk = :p',
        values: { ':p': HomeCourseEntity.collection },
        names: { '#area': 'subjectArea' },
        projection: '#area',
      },
      { pageSize: 1000 },
    )) {
      if (typeof item.subjectArea === 'string') yield item.subjectArea;
    }
  }

  async *turnaroundDays(subjectArea: string, window: TimeWindow): AsyncIterable<number> {
    const partition = TurnaroundEntity.pk(subjectArea);
    const from = `${TurnaroundEntity.prefix}${window.from ?? ''}`;
    const to = `${TurnaroundEntity.prefix}${window.to ?? '\uffff'}`;
    for await (const item of this.query(
      {
        partition,
        keyCondition: 'pk = :pk AND sk BETWEEN :from AND :to',
        values: { ':pk': partition, ':from': from, ':to': to },
        names: { '#days': 'days' },
        projection: '#days',
      },
      { pageSize: 1000 },
    )) {
      if (typeof item.days === 'number') yield item.days;
    }
  }

  async *waitingSteps(stepKind: string): AsyncIterable<WaitingStep> {
    const partition = AwaitedStepEntity.queue(stepKind);
    for await (const item of this.query(
      {
        index: 'byOwner',
        partition,
        keyCondition: 'gsi2pk = :p',
        values: { ':p': partition },
        names: { '#step': 'stepId', '#since': 'since', '#decision': 'decisionId' },
        projection: '#step, #since, #decision',
      },
      { pageSize: 1000 },
    )) {
      // A step decided a moment ago stays in the queue until the workflow's next task settles it.
      if (item.decisionId !== undefined) continue;
      yield { stepId: String(item.stepId), since: String(item.since) };
    }
  }

  applications(
    status: string,
    term: string | undefined,
    options?: ReadOptions,
  ): AsyncIterable<Positioned<Application>> {
    const partition = ApplicationEntity.statusQueue(status as ApplicationStatus);
    return this.positioned(
      {
        index: 'byCollection',
        partition,
        keyCondition: 'gsi1pk = :p',
        values: { ':p': partition, ...(term ? { ':term': term } : {}) },
        ...(term ? { filter: 'transferTerm = :term' } : {}),
      },
      options,
      ApplicationEntity.fromItem,
    );
  }

  async programsOf(studentIds: readonly string[]): Promise<Map<string, string>> {
    const items = await batchGetAll(
      this.db,
      this.tableName,
      studentIds.map((id) => StudentEntity.key(id)),
    );
    return new Map(items.map(StudentEntity.fromItem).map((s) => [s.studentId, s.program] as const));
  }

  async applicationOwner(applicationId: string): Promise<string | undefined> {
    const partition = ApplicationEntity.byId(applicationId);
    for await (const item of this.query({
      index: 'byOwner',
      partition,
      keyCondition: 'gsi2pk = :p',
      values: { ':p': partition },
      names: { '#student': 'studentId' },
      projection: '#student',
    })) {
      return typeof item.studentId === 'string' ? item.studentId : undefined;
    }
    return undefined;
  }

  auditOf(subjectPk: string, prefix: string, options?: ReadOptions): AsyncIterable<Positioned<AuditEvent>> {
    return this.positioned(
      {
        partition: subjectPk,
        keyCondition: 'pk = :pk AND begins_with(sk, :prefix)',
        values: { ':pk': subjectPk, ':prefix': prefix },
      },
      options,
      AuditEventEntity.fromItem,
    );
  }

  auditByActor(
    actor: string,
    window: TimeWindow,
    options?: ReadOptions,
  ): AsyncIterable<Positioned<AuditEvent>> {
    const partition = AuditEventEntity.actorIndex(actor);
    return this.positioned(
      {
        index: 'byOwner',
        partition,
        keyCondition: 'gsi2pk = :p AND gsi2sk BETWEEN :from AND :to',
        values: { ':p': partition, ':from': window.from ?? '0', ':to': window.to ?? '\uffff' },
      },
      options,
      AuditEventEntity.fromItem,
    );
  }
}
