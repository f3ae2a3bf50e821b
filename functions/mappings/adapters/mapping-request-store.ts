import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type MyMappingRequest, MyMappingRequestEntity, studentPk } from '../../records/entities/student.js';
import type { StudyRecordReader } from '../../records/use-cases/study-record.js';
import { HomeCourseEntity } from '../../reference-data/entities/catalog.js';
import { TurnaroundEntity } from '../../reviews/entities/review.js';
import { batchGetAll, queryAll, TableStore } from '../../store/dynamo.js';
import { UploadEntity } from '../../uploads/entities/upload.js';
import { DraftEntity, type MappingRequestDraftItem } from '../entities/draft.js';
import {
  type Mapping,
  MappingEntity,
  MappingGroupEntity,
  mappingGroupCounterKey,
  mappingGroupPk,
} from '../entities/mapping.js';
import { MappingSearchEntity, mappingSearchItems } from '../entities/mapping-search.js';
import type { DraftStore } from '../use-cases/drafts.js';
import type { MappingRequestStore, NewMapping } from '../use-cases/mapping-requests.js';
import { auditItem, mappingChangeItems, type TransactItem } from './mapping-transactions.js';

export class DynamoMappingRequestStore
  extends TableStore
  implements MappingRequestStore, StudyRecordReader, DraftStore
{
  async getHomeCourses(codes: string[]) {
    const items = await batchGetAll(this.db, this.tableName, [...new Set(codes)].map(HomeCourseEntity.key));
    return items.map(HomeCourseEntity.fromItem);
  }

  async getUploads(studentId: string, uploadIds: string[]) {
    const keys = uploadIds.map((id) => UploadEntity.key(studentId, id));
    return (await batchGetAll(this.db, this.tableName, keys)).map(UploadEntity.fromItem);
  }

  async findGroup(institutionId: string, signature: string) {
    const groups = await queryAll(this.db, {
      TableName: this.tableName,
      IndexName: 'byCollection',
      KeyConditionExpression: 'gsi1pk = :pk and gsi1sk = :sig',
      ExpressionAttributeValues: { ':pk': MappingGroupEntity.collection(institutionId), ':sig': signature },
    });
    const first = groups[0];
    if (!first) return undefined;
    // The index is eventually consistent; the group and its mappings are read from the table itself.
    const groupRef = MappingGroupEntity.fromItem(first).groupRef;
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

  async createMapping({ mapping, group, link, draftId }: NewMapping): Promise<void> {
    const t = this.tableName;
    const groupItem: TransactItem =
      'created' in group
        ? {
            Put: {
              TableName: t,
              Item: MappingGroupEntity.toItem(group.created),
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          }
        : {
            // Taking the next suffix: fails if another submission took it first.
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
          };
    const items: TransactItem[] = [
      groupItem,
      {
        Put: {
          TableName: t,
          Item: MappingEntity.toItem(mapping),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      auditItem(
        t,
        mapping,
        undefined,
        { actor: mapping.requestedBy, action: 'Request submitted' },
        mapping.createdAt,
      ),
      { Put: { TableName: t, Item: MyMappingRequestEntity.toItem(link) } },
      ...mappingSearchItems(mapping).map((Item) => ({ Put: { TableName: t, Item } })),
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
      items.push({
        Delete: {
          TableName: t,
          Key: DraftEntity.key(link.studentId, link.recordId, draftId),
          ConditionExpression: 'attribute_exists(pk)',
        },
      });
    }
    await this.transact(items, 'Another request took this D.B. Ref. No. at the same moment; submit again');
  }

  async resubmitMapping(
    previous: Mapping,
    next: Mapping,
    link: MyMappingRequest,
    action: string,
  ): Promise<void> {
    const items = mappingChangeItems(this.tableName, previous, next, { actor: link.studentId, action });
    items.push({ Put: { TableName: this.tableName, Item: MyMappingRequestEntity.toItem(link) } });
    await this.transact(items, `Mapping ${next.ref} was changed by someone else; reload and try again`);
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

  async listRequests(studentId: string, recordId: string) {
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk and begins_with(sk, :prefix)',
        ExpressionAttributeValues: {
          ':pk': studentPk(studentId),
          ':prefix': MyMappingRequestEntity.recordPrefix(recordId),
        },
      }),
    );
    const links = Items.map(MyMappingRequestEntity.fromItem);
    const mappings = new Map(
      (
        await batchGetAll(
          this.db,
          this.tableName,
          links.map((l) => MappingEntity.key(l.ref)),
        )
      )
        .map(MappingEntity.fromItem)
        .map((m) => [m.ref, m]),
    );
    return links.flatMap((link) => {
      const mapping = mappings.get(link.ref);
      return mapping ? [{ link, mapping }] : [];
    });
  }

  async recentTurnarounds(subjectArea: string) {
    // The latest 50: recent enough to follow a department's pace, enough for a steady median.
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk and begins_with(sk, :prefix)',
        ExpressionAttributeValues: {
          ':pk': TurnaroundEntity.pk(subjectArea),
          ':prefix': TurnaroundEntity.prefix,
        },
        ScanIndexForward: false,
        Limit: 50,
      }),
    );
    return Items.map((i) => TurnaroundEntity.fromItem(i).days);
  }

  async listDrafts(studentId: string, recordId: string) {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk and begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': studentPk(studentId), ':prefix': DraftEntity.skPrefix(recordId) },
    });
    return items.map(DraftEntity.fromItem);
  }

  getDraft(studentId: string, recordId: string, draftId: string) {
    return this.getItem(DraftEntity.key(studentId, recordId, draftId), DraftEntity);
  }

  async putDraft(draft: MappingRequestDraftItem): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.tableName, Item: DraftEntity.toItem(draft) }));
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
