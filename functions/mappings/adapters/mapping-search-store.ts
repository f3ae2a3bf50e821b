import { type DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { compareIds } from '../../commons/ordering.js';
import { MyMappingRequestEntity, studentPk } from '../../records/entities/student.js';
import { HomeCourseEntity, HomeCourseTitleWordEntity } from '../../reference-data/entities/catalog.js';
import { queryAll } from '../../store/dynamo.js';
import { MappingSearchEntity, type MappingSearchEntry } from '../entities/mapping-search.js';
import type { MappingSearchStore } from '../use-cases/mapping-search.js';
import { MappingTableStore } from './mapping-table-store.js';

// Reads only: every method is a GetItem or a Query on a key (no Scan). Search reads are eventually
// consistent (half the read units); the entries are written in the mapping's own transaction.
export class DynamoMappingSearchStore extends MappingTableStore implements MappingSearchStore {
  constructor(db: DynamoDBDocumentClient, tableName: string) {
    super(db, tableName, false);
  }

  async listInstitution(institutionId: string) {
    const items = await this.prefixQuery(
      MappingSearchEntity.institutionPk(institutionId),
      MappingSearchEntity.listPrefix,
    );
    return items.map(MappingSearchEntity.fromItem);
  }

  async listInstitutionPage(institutionId: string, limit: number) {
    // In listing order, stopping after `limit`: page N of the default view reads N pages, not all.
    const entries: MappingSearchEntry[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk and begins_with(sk, :prefix)',
          ExpressionAttributeValues: {
            ':pk': MappingSearchEntity.institutionPk(institutionId),
            ':prefix': MappingSearchEntity.listPrefix,
          },
          Limit: limit - entries.length,
          ExclusiveStartKey,
        }),
      );
      entries.push(...(page.Items ?? []).map(MappingSearchEntity.fromItem));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey && entries.length < limit);
    return entries;
  }

  async countInstitution(institutionId: string) {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: MappingSearchEntity.countKey(institutionId) }),
    );
    return Number(Item?.mappings ?? 0);
  }

  async findByWordPrefix(institutionId: string, prefix: string) {
    const items = await this.prefixQuery(
      MappingSearchEntity.institutionPk(institutionId),
      MappingSearchEntity.wordPrefix(prefix),
    );
    // "calc" reaches a mapping through "calculus" and "calculation" alike: keep it once.
    const byRef = new Map<string, MappingSearchEntry>();
    for (const item of items) {
      const entry = MappingSearchEntity.fromItem(item);
      byRef.set(entry.ref, entry);
    }
    return [...byRef.values()];
  }

  async relations(studentId: string, recordId: string) {
    const items = await this.prefixQuery(studentPk(studentId), MyMappingRequestEntity.recordPrefix(recordId));
    return new Map(items.map(MyMappingRequestEntity.fromItem).map((l) => [l.ref, l.relation] as const));
  }

  getHomeCourse(code: string) {
    return this.getItem(HomeCourseEntity.key(code), HomeCourseEntity);
  }

  async homeCoursesByCodePrefix(prefix: string) {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      IndexName: 'byCollection',
      KeyConditionExpression: prefix ? 'gsi1pk = :pk and begins_with(gsi1sk, :prefix)' : 'gsi1pk = :pk',
      ExpressionAttributeValues: {
        ':pk': HomeCourseEntity.collection,
        ...(prefix ? { ':prefix': prefix } : {}),
      },
    });
    return items.map(HomeCourseEntity.fromItem);
  }

  async homeCoursesByTitleWord(prefix: string) {
    const items = await this.prefixQuery(HomeCourseTitleWordEntity.pk, prefix);
    const byCode = new Map(items.map(HomeCourseTitleWordEntity.fromItem).map((c) => [c.code, c]));
    return [...byCode.values()].sort((a, b) => compareIds(a.code, b.code));
  }

  async mappingsToHomeCourse(code: string) {
    const items = await this.prefixQuery(
      MappingSearchEntity.homeCoursePk(code),
      MappingSearchEntity.homeCoursePrefix,
    );
    return items.map(MappingSearchEntity.fromItem);
  }
}
