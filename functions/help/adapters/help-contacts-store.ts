import { type AuditEvent, AuditEventEntity } from '../../store/audit.js';
import { TableStore } from '../../store/dynamo.js';
import { HelpContactsEntity, type StoredHelpContacts } from '../entities/help-contacts.js';
import type { HelpContactsStore } from '../use-cases/help-contacts.js';

/** The §6 contacts and their audit trail in the single table. */
export class DynamoHelpContactsStore extends TableStore implements HelpContactsStore {
  async get(): Promise<StoredHelpContacts> {
    return (
      (await this.getItem(HelpContactsEntity.key(), HelpContactsEntity)) ?? HelpContactsEntity.asInTheGuide()
    );
  }

  async put(next: StoredHelpContacts, expectedVersion: number, audit: AuditEvent): Promise<boolean> {
    const codes = await this.tryTransact([
      {
        Put: {
          TableName: this.tableName,
          Item: HelpContactsEntity.toItem(next),
          // Version 0 is the guide's, which no item holds: the first change creates the item.
          ...(expectedVersion === 0
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : {
                ConditionExpression: 'version = :expected',
                ExpressionAttributeValues: { ':expected': expectedVersion },
              }),
        },
      },
      {
        Put: {
          TableName: this.tableName,
          Item: AuditEventEntity.toItem(audit),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ]);
    if (!codes) return true;
    // Only the version check may fail (a TransactionConflict is a racing edit too): anything else is a bug.
    if (codes[0] === 'ConditionalCheckFailed' || codes.includes('TransactionConflict')) return false;
    throw new Error(`Help contacts not committed: ${codes.join(', ')}`);
  }
}
