import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Subject } from '../../human-steps/domain/steps.js';
import { AwaitedStepEntity } from '../../human-steps/entities/awaited-step.js';
import { MappingTableStore } from '../../mappings/adapters/mapping-table-store.js';
import { StudentEntity, studentPk } from '../../records/entities/student.js';
import { AuditEventEntity } from '../../store/audit.js';
import { batchGetAll, queryAll } from '../../store/dynamo.js';
import { stateChangeItems } from '../../store/state-change.js';
import type { Transcript } from '../../transcripts/entities/transcript.js';
import { TranscriptEntity } from '../../transcripts/entities/transcript.js';
import { UploadEntity } from '../../uploads/entities/upload.js';
import type { ApplicationStatus } from '../contracts.js';
import { applicationTransitions } from '../domain/application-status.js';
import {
  type Application,
  ApplicationClaimEntity,
  ApplicationEntity,
  applicationOfSubjectId,
  TermDeadlineEntity,
} from '../entities/application.js';
import type { ApplicationContext } from '../human-steps/words.js';
import type { ApplicationChange, CreateOutcome } from '../use-cases/applications.js';
import type { SubmitStore } from '../use-cases/submit-application.js';

/** Applications, their claims and their terms' deadlines, in the student's partition of the single table. */
export class DynamoApplicationStore extends MappingTableStore implements SubmitStore {
  get(studentId: string, applicationId: string) {
    return this.getItem(ApplicationEntity.key(studentId, applicationId), ApplicationEntity);
  }

  /** An application by its id alone (ARO's routes): the index names its student, the key reads it. */
  async getById(applicationId: string): Promise<Application | undefined> {
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'byOwner',
        KeyConditionExpression: 'gsi2pk = :pk',
        ExpressionAttributeValues: { ':pk': ApplicationEntity.byId(applicationId) },
        Limit: 1,
      }),
    );
    const found = Items[0];
    return found ? this.get(found.studentId as string, applicationId) : undefined;
  }

  async listByStatus(status: ApplicationStatus): Promise<Application[]> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      IndexName: 'byCollection',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': ApplicationEntity.statusQueue(status) },
    });
    return items.map(ApplicationEntity.fromItem);
  }

  async listForRecord(studentId: string, recordId: string): Promise<Application[]> {
    const items = await this.prefixQuery(studentPk(studentId), ApplicationEntity.skPrefix);
    return items.map(ApplicationEntity.fromItem).filter((a) => a.recordId === recordId);
  }

  getStudent(studentId: string) {
    return this.getItem(StudentEntity.key(studentId), StudentEntity);
  }

  /** What an application's human steps show: the application and its student, read together. */
  async contextOf(subject: Subject): Promise<ApplicationContext | undefined> {
    const { studentId, applicationId } = applicationOfSubjectId(subject.id);
    const [application, student] = await Promise.all([
      this.get(studentId, applicationId),
      this.getStudent(studentId),
    ]);
    return application ? { application, ...(student ? { student } : {}) } : undefined;
  }

  async getStudents(studentIds: string[]) {
    const keys = [...new Set(studentIds)].map(StudentEntity.key);
    return (await batchGetAll(this.db, this.tableName, keys)).map(StudentEntity.fromItem);
  }

  deadlineOf(term: string) {
    return this.getItem(TermDeadlineEntity.key(term), TermDeadlineEntity);
  }

  async setDeadline(
    deadline: Parameters<typeof TermDeadlineEntity.toItem>[0],
    audit: Parameters<typeof AuditEventEntity.toItem>[0],
  ) {
    await this.transact(
      [
        { Put: { TableName: this.tableName, Item: TermDeadlineEntity.toItem(deadline) } },
        { Put: { TableName: this.tableName, Item: AuditEventEntity.toItem(audit) } },
      ],
      `The deadline of ${deadline.term} changed meanwhile`,
    );
  }

  async getUploads(studentId: string, uploadIds: string[]) {
    const keys = uploadIds.map((id) => UploadEntity.key(studentId, id));
    return (await batchGetAll(this.db, this.tableName, keys)).map(UploadEntity.fromItem);
  }

  async awaitedSteps(subject: Subject): Promise<string[]> {
    const items = await this.prefixQuery(AwaitedStepEntity.pk(subject), AwaitedStepEntity.prefix);
    return items.map((i) => AwaitedStepEntity.fromItem(i).stepId);
  }

  /** The student's transcripts of the record (a few items of the student's partition). */
  async transcriptsOf(studentId: string, recordId: string): Promise<Transcript[]> {
    const items = await this.prefixQuery(studentPk(studentId), TranscriptEntity.skPrefix);
    return items.map(TranscriptEntity.fromItem).filter((t) => t.recordId === recordId);
  }

  /** The application's audit events in time order. */
  async applicationTimeline(studentId: string, applicationId: string) {
    const items = await this.prefixQuery(studentPk(studentId), AuditEventEntity.prefix(applicationId));
    return items.map(AuditEventEntity.fromItem);
  }

  private items(change: ApplicationChange) {
    const { previous, next } = change;
    return stateChangeItems(this.tableName, {
      table: applicationTransitions,
      id: next.applicationId,
      item: ApplicationEntity.toItem(next),
      ...(previous ? { expectedVersion: previous.version, from: previous.status } : {}),
      to: next.status,
      audit: { ...change.audit, subjectPk: studentPk(next.studentId), subjectId: next.applicationId },
      ...(change.outbox ? { outbox: change.outbox } : {}),
      with: (change.settles?.stepIds ?? []).map((stepId) => ({
        Delete: {
          TableName: this.tableName,
          Key: AwaitedStepEntity.key((change.settles as { subject: Subject }).subject, stepId),
        },
      })),
    });
  }

  async create(change: ApplicationChange): Promise<CreateOutcome> {
    const items = [
      ...this.items(change),
      {
        Put: {
          TableName: this.tableName,
          Item: ApplicationClaimEntity.toItem(change.next),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ];
    const codes = await this.tryTransact(items);
    if (!codes) return { created: true };
    if (codes.at(-1) !== 'ConditionalCheckFailed') {
      if (codes.includes('TransactionConflict')) return { created: false, existingApplicationId: undefined };
      throw new Error(`Application ${change.next.applicationId} not created: ${codes.join(', ')}`);
    }
    // The record has one for this mapping: name it (read strongly, the winner has just committed).
    const claim = await this.getItem(
      ApplicationClaimEntity.key(change.next.studentId, change.next.recordId, change.next.ref),
      { fromItem: (item) => item.applicationId as string | undefined },
    );
    return { created: false, existingApplicationId: claim };
  }

  async commit(change: ApplicationChange & { previous: Application }): Promise<boolean> {
    const codes = await this.tryTransact(this.items(change));
    if (!codes) return true;
    if (codes[0] === 'ConditionalCheckFailed' || codes.includes('TransactionConflict')) return false;
    throw new Error(`Application ${change.next.applicationId} not committed: ${codes.join(', ')}`);
  }

  async deleteDraft(application: Application): Promise<boolean> {
    const codes = await this.tryTransact([
      {
        Delete: {
          TableName: this.tableName,
          Key: ApplicationEntity.key(application.studentId, application.applicationId),
          ConditionExpression: 'version = :version AND #status = :draft',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':version': application.version, ':draft': 'Draft' },
        },
      },
      {
        Delete: {
          TableName: this.tableName,
          Key: ApplicationClaimEntity.key(application.studentId, application.recordId, application.ref),
        },
      },
    ]);
    if (!codes) return true;
    if (codes[0] === 'ConditionalCheckFailed') return false;
    throw new Error(`Application ${application.applicationId} not deleted: ${codes.join(', ')}`);
  }
}
