import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { AuditEventEntity } from '../../store/audit.js';
import { TableStore } from '../../store/dynamo.js';
import type { EndorsementRuleTable } from '../domain/endorsement-rules.js';
import { EndorsementRuleTableEntity } from '../entities/endorsement-rule-table.js';
import type { EndorsementRuleStore } from '../use-cases/endorsement-rules.js';

export class DynamoEndorsementRuleStore extends TableStore implements EndorsementRuleStore {
  async latest(): Promise<EndorsementRuleTable | undefined> {
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk and begins_with(sk, :prefix)',
        ExpressionAttributeValues: {
          ':pk': EndorsementRuleTableEntity.pk,
          ':prefix': EndorsementRuleTableEntity.skPrefix,
        },
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: true,
      }),
    );
    return Items[0] ? EndorsementRuleTableEntity.fromItem(Items[0]) : undefined;
  }

  version(version: number) {
    return this.getItem(EndorsementRuleTableEntity.key(version), EndorsementRuleTableEntity);
  }

  async publish(table: EndorsementRuleTable, audit: Parameters<EndorsementRuleStore['publish']>[1]) {
    const codes = await this.tryTransact([
      {
        Put: {
          TableName: this.tableName,
          Item: EndorsementRuleTableEntity.toItem(table),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      { Put: { TableName: this.tableName, Item: AuditEventEntity.toItem(audit) } },
    ]);
    if (!codes) return true;
    if (codes[0] === 'ConditionalCheckFailed' || codes.includes('TransactionConflict')) return false;
    throw new Error(`Endorsement rules version ${table.version} not published: ${codes.join(', ')}`);
  }
}
