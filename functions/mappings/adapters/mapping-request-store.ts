import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { OutboxMessage } from '../../outbox/entities/outbox-item.js';
import { type MyMappingRequest, MyMappingRequestEntity } from '../../records/entities/student.js';
import { HomeCourseEntity } from '../../reference-data/entities/catalog.js';
import { batchGetAll, queryAll } from '../../store/dynamo.js';
import { type CancellationCode, stateChangeItems } from '../../store/state-change.js';
import { UploadEntity } from '../../uploads/entities/upload.js';
import { DraftEntity, type MappingRequestDraftItem } from '../entities/draft.js';
import {
  type Mapping,
  MappingEntity,
  MappingGroupClaimEntity,
  MappingGroupEntity,
  MappingIdentityEntity,
  mappingGroupCounterKey,
  mappingGroupPk,
} from '../entities/mapping.js';
import { MappingSearchEntity } from '../entities/mapping-search.js';
import type { DraftStore } from '../use-cases/drafts.js';
import type {
  Commit,
  CommitConflict,
  MappingRequestStore,
  NewMapping,
} from '../use-cases/mapping-requests.js';
import { MappingTableStore } from './mapping-table-store.js';
import { mappingChangeItems, mappingStateChange, type TransactItem } from './mapping-transactions.js';

export class DynamoMappingRequestStore extends MappingTableStore implements MappingRequestStore, DraftStore {
  async getHomeCourses(codes: string[]) {
    const items = await batchGetAll(this.db, this.tableName, [...new Set(codes)].map(HomeCourseEntity.key));
    return items.map(HomeCourseEntity.fromItem);
  }

  async getUploads(studentId: string, uploadIds: string[]) {
    const keys = uploadIds.map((id) => UploadEntity.key(studentId, id));
    return (await batchGetAll(this.db, this.tableName, keys)).map(UploadEntity.fromItem);
  }

  async findGroup(institutionId: string, signature: string) {
    // The group's claim is read strongly consistent, so a submission that lost the race to create
    // the group sees it at once; groups from before claims existed are found through the index.
    const claim = await this.getItem(
      MappingGroupClaimEntity.key(institutionId, signature),
      MappingGroupClaimEntity,
    );
    const groupRef = claim?.groupRef ?? (await this.indexedGroupRef(institutionId, signature));
    if (!groupRef) return undefined;
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': mappingGroupPk(groupRef) },
      ConsistentRead: true,
    });
    const groupItem = items.find((i) => i.type === MappingGroupEntity.type);
    if (!groupItem) return undefined;
    return {
      group: MappingGroupEntity.fromItem(groupItem),
      mappings: items.filter((i) => i.type === MappingEntity.type).map(MappingEntity.fromItem),
    };
  }

  private async indexedGroupRef(institutionId: string, signature: string): Promise<string | undefined> {
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'byCollection',
        KeyConditionExpression: 'gsi1pk = :pk and gsi1sk = :sig',
        ExpressionAttributeValues: { ':pk': MappingGroupEntity.collection(institutionId), ':sig': signature },
        Limit: 1,
      }),
    );
    return Items[0] ? MappingGroupEntity.fromItem(Items[0]).groupRef : undefined;
  }

  async nextGroupNumber(): Promise<number> {
    // A number burnt by a failed submission leaves a gap in D.B. Ref. Nos., never a duplicate.
    const { Attributes } = await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: mappingGroupCounterKey,
        UpdateExpression: 'ADD lastValue :one SET #type = :type',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':one': 1, ':type': 'Counter' },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(Attributes?.lastValue);
  }

  async createMapping({ mapping, group, link, draftId, outbox }: NewMapping): Promise<Commit> {
    const t = this.tableName;
    // Each conditional item, and what its failed condition means.
    const guards = new Map<TransactItem, CommitConflict>();
    const guarded = (item: TransactItem, conflict: CommitConflict) => {
      guards.set(item, conflict);
      return item;
    };
    const alongside: TransactItem[] = [
      // At most one mapping per institution, incoming courses and HKUST courses.
      guarded(
        {
          Put: {
            TableName: t,
            Item: MappingIdentityEntity.toItem(mapping),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        'duplicate',
      ),
      ...('created' in group
        ? [
            guarded(
              {
                Put: {
                  TableName: t,
                  Item: MappingGroupEntity.toItem(group.created),
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
              'group-taken',
            ),
            // At most one group per institution and incoming courses.
            guarded(
              {
                Put: {
                  TableName: t,
                  Item: MappingGroupClaimEntity.toItem(group.created),
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
              'group-taken',
            ),
          ]
        : [
            // Taking the next suffix: fails if another submission took it first.
            guarded(
              {
                Update: {
                  TableName: t,
                  Key: MappingGroupEntity.key(group.extended.groupRef),
                  UpdateExpression: 'SET lastSuffix = :next',
                  ConditionExpression: 'lastSuffix = :seen',
                  ExpressionAttributeValues: {
                    ':next': group.extended.lastSuffix + 1,
                    ':seen': group.extended.lastSuffix,
                  },
                },
              },
              'suffix-taken',
            ),
          ]),
      { Put: { TableName: t, Item: MyMappingRequestEntity.toItem(link) } },
      {
        Update: {
          TableName: t,
          Key: MappingSearchEntity.countKey(mapping.institutionId),
          UpdateExpression: 'ADD mappings :one SET #type = :type',
          ExpressionAttributeNames: { '#type': 'type' },
          ExpressionAttributeValues: { ':one': 1, ':type': 'MappingCount' },
        },
      },
    ];
    if (draftId) {
      // One live submit per draft: the second finds it gone.
      alongside.push(
        guarded(
          {
            Delete: {
              TableName: t,
              Key: DraftEntity.key(link.studentId, link.recordId, draftId),
              ConditionExpression: 'attribute_exists(pk)',
            },
          },
          'draft-gone',
        ),
      );
    }
    const items = stateChangeItems(
      t,
      mappingStateChange(
        t,
        undefined,
        mapping,
        { actor: mapping.requestedBy, action: 'Request submitted' },
        { outbox, with: alongside },
      ),
    );
    // The mapping item itself exists already only if its ref (the group's suffix) was taken.
    if (items[0]) guards.set(items[0], 'suffix-taken');
    return commitOutcome(items, await this.tryTransact(items), guards);
  }

  async resubmitMapping(
    previous: Mapping,
    next: Mapping,
    link: MyMappingRequest,
    action: string,
    outbox: OutboxMessage[],
  ): Promise<Commit> {
    const items = mappingChangeItems(
      this.tableName,
      previous,
      next,
      { actor: link.studentId, action },
      [],
      outbox,
    );
    const guards = new Map<TransactItem, CommitConflict>();
    if (items[0]) guards.set(items[0], 'changed');
    items.push({ Put: { TableName: this.tableName, Item: MyMappingRequestEntity.toItem(link) } });
    return commitOutcome(items, await this.tryTransact(items), guards);
  }

  getLink(studentId: string, recordId: string, ref: string) {
    return this.getItem(MyMappingRequestEntity.key(studentId, recordId, ref), MyMappingRequestEntity);
  }

  async addLink(link: MyMappingRequest): Promise<MyMappingRequest> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: MyMappingRequestEntity.toItem(link),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return link;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      return (await this.getLink(link.studentId, link.recordId, link.ref)) ?? link;
    }
  }

  getDraft(studentId: string, recordId: string, draftId: string) {
    return this.getItem(DraftEntity.key(studentId, recordId, draftId), DraftEntity);
  }

  async putDraft(draft: MappingRequestDraftItem, replacing: boolean): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: DraftEntity.toItem(draft),
          // Saving again must find the draft: one submitted or cancelled meanwhile is not brought back.
          ...(replacing ? { ConditionExpression: 'attribute_exists(pk)' } : {}),
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async deleteDraft(studentId: string, recordId: string, draftId: string): Promise<boolean> {
    const { Attributes } = await this.db.send(
      new DeleteCommand({
        TableName: this.tableName,
        Key: DraftEntity.key(studentId, recordId, draftId),
        ReturnValues: 'ALL_OLD',
      }),
    );
    return Attributes !== undefined;
  }
}

/** What a refused transaction means for the use case: the failed guards, or a contention to retry. */
function commitOutcome(
  items: TransactItem[],
  codes: CancellationCode[] | undefined,
  guards: Map<TransactItem, CommitConflict>,
): Commit {
  if (!codes) return { committed: true };
  const conflicts = new Set<CommitConflict>();
  items.forEach((item, i) => {
    const code = codes[i];
    if (code === 'ConditionalCheckFailed') {
      const guard = guards.get(item);
      if (!guard) throw new Error(`Unexpected condition failure on item ${i} of a mapping commit`);
      conflicts.add(guard);
    } else if (code === 'TransactionConflict') conflicts.add('contended');
  });
  // Cancelled for another reason (validation, throughput): nothing to answer but "try again".
  if (conflicts.size === 0) conflicts.add('contended');
  return { committed: false, conflicts: [...conflicts] };
}
