import { PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import {
  type AwaitedDecision,
  AwaitedDecisionEntity,
  type ReviewStep,
} from '../../human-steps/entities/awaited-decision.js';
import { mappingChangeItems, type TransactItem } from '../../mappings/adapters/mapping-transactions.js';
import { groupRefOf, type Mapping, MappingEntity, mappingGroupPk } from '../../mappings/entities/mapping.js';
import { MyMappingRequestEntity, StudentEntity } from '../../records/entities/student.js';
import { AuditEventEntity } from '../../store/audit.js';
import { batchGetAll, queryAll, TableStore } from '../../store/dynamo.js';
import {
  type ActionLink,
  ActionLinkEntity,
  type DepartmentReviewers,
  DepartmentReviewersEntity,
  TurnaroundEntity,
} from '../entities/review.js';
import type { MappingChange, MappingReviewStore } from '../use-cases/mapping-review.js';
import type { ReviewActionStore, StepDecisionRecord } from '../use-cases/review-actions.js';
import type { ReviewAdminStore } from '../use-cases/review-admin.js';

// The review's state: mappings and their waits, action links, reviewers, turnaround samples. Reads that
// decide something are strongly consistent; the waits are read from the table, never from an index.
export class DynamoMappingReviewStore extends TableStore implements MappingReviewStore, ReviewActionStore {
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

  getAwaitedDecision(ref: string, step: ReviewStep): Promise<AwaitedDecision | undefined> {
    return this.getItem(AwaitedDecisionEntity.key(ref, step), AwaitedDecisionEntity);
  }

  async listAwaitedDecisions(ref: string): Promise<AwaitedDecision[]> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk and begins_with(sk, :prefix)',
      ExpressionAttributeValues: {
        ':pk': mappingGroupPk(groupRefOf(ref)),
        ':prefix': AwaitedDecisionEntity.prefix(ref),
      },
      ConsistentRead: true,
    });
    return items.map(AwaitedDecisionEntity.fromItem);
  }

  async awaitDecision(awaited: AwaitedDecision): Promise<void> {
    await this.db.send(
      new PutCommand({ TableName: this.tableName, Item: AwaitedDecisionEntity.toItem(awaited) }),
    );
  }

  async changeMapping(change: MappingChange, at: string): Promise<Mapping> {
    const { mapping } = change;
    const next: Mapping = { ...mapping, ...change.patch, updatedAt: at, version: mapping.version + 1 };
    const items = mappingChangeItems(
      this.tableName,
      mapping,
      next,
      { actor: change.actor, action: change.action, ...(change.reason ? { reason: change.reason } : {}) },
      change.settles,
    );
    await this.transact(items, `Mapping ${mapping.ref} was changed by someone else; reload and try again`);
    return next;
  }

  getReviewers(subjectArea: string) {
    return this.getItem(DepartmentReviewersEntity.key(subjectArea), DepartmentReviewersEntity);
  }

  getActionLink(linkHash: string): Promise<ActionLink | undefined> {
    return this.getItem(ActionLinkEntity.key(linkHash), ActionLinkEntity);
  }

  async putActionLink(link: ActionLink): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.tableName, Item: ActionLinkEntity.toItem(link) }));
  }

  private auditKey(r: StepDecisionRecord) {
    return AuditEventEntity.key({
      subjectPk: mappingGroupPk(groupRefOf(r.ref)),
      subjectId: r.ref,
      at: r.at,
      eventId: r.eventId,
    });
  }

  async recordStepDecision(r: StepDecisionRecord): Promise<void> {
    const t = this.tableName;
    const d = r.decision;
    const reason =
      d?.outcome === 'Denied' ? d.reason : d?.outcome === 'Need Further Info' ? d.note : undefined;
    const items: TransactItem[] = [
      // Only while the step is still awaited: a step cancelled with the review takes no decision.
      {
        ConditionCheck: {
          TableName: t,
          Key: AwaitedDecisionEntity.key(r.ref, r.step),
          ConditionExpression: 'attribute_exists(pk)',
        },
      },
      {
        Put: {
          TableName: t,
          Item: AuditEventEntity.toItem({
            subjectPk: mappingGroupPk(groupRefOf(r.ref)),
            subjectId: r.ref,
            at: r.at,
            eventId: r.eventId,
            actor: r.actor,
            action: r.action,
            ...(reason ? { reason } : {}),
            ...(r.internalNote ? { internalNote: r.internalNote } : {}),
          }),
        },
      },
    ];
    if (r.link) {
      // Single use: the first POST wins, a second finds usedAt set.
      items.push({
        Put: {
          TableName: t,
          Item: ActionLinkEntity.toItem(r.link),
          ConditionExpression: 'attribute_not_exists(usedAt)',
        },
      });
    }
    if (r.turnaround) {
      items.push({
        Put: {
          TableName: t,
          Item: TurnaroundEntity.toItem({ ...r.turnaround, ref: r.ref, decidedAt: r.at }),
        },
      });
    }
    await this.transact(items, `${r.ref} was decided meanwhile`);
  }

  async undoStepDecision(r: StepDecisionRecord): Promise<void> {
    const t = this.tableName;
    const items: TransactItem[] = [{ Delete: { TableName: t, Key: this.auditKey(r) } }];
    if (r.turnaround) {
      items.push({
        Delete: {
          TableName: t,
          Key: TurnaroundEntity.key({ subjectArea: r.turnaround.subjectArea, decidedAt: r.at, ref: r.ref }),
        },
      });
    }
    if (r.link) {
      items.push({
        Update: {
          TableName: t,
          Key: ActionLinkEntity.key(r.link.linkHash),
          UpdateExpression: 'REMOVE usedAt, outcome',
        },
      });
    }
    await this.db.send(new TransactWriteCommand({ TransactItems: items }));
  }
}

/** ARO's reads and the reviewer settings, beside the review's own state. */
export class DynamoReviewAdminStore extends DynamoMappingReviewStore implements ReviewAdminStore {
  async listAwaiting(kind: 'aro-triage' | 'department-review') {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      IndexName: 'byOwner',
      KeyConditionExpression: 'gsi2pk = :pk',
      ExpressionAttributeValues: { ':pk': AwaitedDecisionEntity.queue(kind) },
    });
    return items.map(AwaitedDecisionEntity.fromItem);
  }

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
