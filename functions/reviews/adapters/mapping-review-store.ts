import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { AwaitedStepEntity } from '../../human-steps/entities/awaited-step.js';
import { MappingTableStore } from '../../mappings/adapters/mapping-table-store.js';
import { mappingChangeItems } from '../../mappings/adapters/mapping-transactions.js';
import { type Mapping, MappingEntity } from '../../mappings/entities/mapping.js';
import { MyMappingRequestEntity, StudentEntity } from '../../records/entities/student.js';
import { batchGetAll, queryAll } from '../../store/dynamo.js';
import { type DepartmentReviewers, DepartmentReviewersEntity } from '../entities/review.js';
import { mappingSubject } from '../human-steps/steps.js';
import type { MappingChange, MappingReviewStore } from '../use-cases/mapping-review.js';
import type { ReviewAdminStore } from '../use-cases/review-admin.js';

// The review's own state: mappings and who hears of them, and the subject areas' reviewers. The
// review's waits and links are the human-step module's (human-steps/adapters/human-step-store.ts).
// Reads that decide something are strongly consistent.
export class DynamoMappingReviewStore extends MappingTableStore implements MappingReviewStore {
  getStudent(studentId: string) {
    return this.getItem(StudentEntity.key(studentId), StudentEntity);
  }

  async getStudents(studentIds: string[]) {
    return (await batchGetAll(this.db, this.tableName, studentIds.map(StudentEntity.key))).map(
      StudentEntity.fromItem,
    );
  }

  async followersOf(ref: string) {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      IndexName: 'byOwner',
      KeyConditionExpression: 'gsi2pk = :pk',
      ExpressionAttributeValues: { ':pk': MyMappingRequestEntity.followers(ref) },
    });
    return items.map(MyMappingRequestEntity.fromItem);
  }

  async changeMapping(change: MappingChange, at: string): Promise<Mapping> {
    const { mapping } = change;
    const next: Mapping = { ...mapping, ...change.patch, updatedAt: at, version: mapping.version + 1 };
    const items = mappingChangeItems(
      this.tableName,
      mapping,
      next,
      { actor: change.actor, action: change.action, ...(change.reason ? { reason: change.reason } : {}) },
      (change.settles ?? []).map((stepId) => AwaitedStepEntity.key(mappingSubject(mapping.ref), stepId)),
      change.outbox ?? [],
    );
    await this.transact(items, `Mapping ${mapping.ref} was changed by someone else; reload and try again`);
    return next;
  }

  getReviewers(subjectArea: string) {
    return this.getItem(DepartmentReviewersEntity.key(subjectArea), DepartmentReviewersEntity);
  }
}

/** ARO's reads and the reviewer settings, beside the review's own state. */
export class DynamoReviewAdminStore extends DynamoMappingReviewStore implements ReviewAdminStore {
  async getMappings(refs: string[]) {
    return (await batchGetAll(this.db, this.tableName, [...new Set(refs)].map(MappingEntity.key))).map(
      MappingEntity.fromItem,
    );
  }

  async putReviewers(reviewers: DepartmentReviewers) {
    await this.db.send(
      new PutCommand({ TableName: this.tableName, Item: DepartmentReviewersEntity.toItem(reviewers) }),
    );
  }
}
