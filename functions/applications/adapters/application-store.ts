import { MappingTableStore } from '../../mappings/adapters/mapping-table-store.js';
import { studentPk } from '../../records/entities/student.js';
import { stateChangeItems } from '../../store/state-change.js';
import { applicationTransitions } from '../domain/application-status.js';
import { type Application, ApplicationClaimEntity, ApplicationEntity } from '../entities/application.js';
import type { ApplicationChange, ApplicationStore, CreateOutcome } from '../use-cases/applications.js';

/** Applications and their uniqueness claims in the student's partition of the single table. */
export class DynamoApplicationStore extends MappingTableStore implements ApplicationStore {
  get(studentId: string, applicationId: string) {
    return this.getItem(ApplicationEntity.key(studentId, applicationId), ApplicationEntity);
  }

  async listForRecord(studentId: string, recordId: string): Promise<Application[]> {
    const items = await this.prefixQuery(studentPk(studentId), ApplicationEntity.skPrefix);
    return items.map(ApplicationEntity.fromItem).filter((a) => a.recordId === recordId);
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
    if (codes[0] === 'ConditionalCheckFailed') return false;
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
