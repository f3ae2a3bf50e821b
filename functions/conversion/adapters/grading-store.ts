import { InstitutionEntity } from '../../reference-data/entities/catalog.js';
import { type AuditEvent, AuditEventEntity } from '../../store/audit.js';
import { TableStore } from '../../store/dynamo.js';
import {
  CurrentInstitutionGradingEntity,
  type InstitutionGrading,
  InstitutionGradingEntity,
} from '../entities/institution-grading.js';
import type { GradingStore } from '../use-cases/institution-grading.js';

/** Institutions' grading (credit system and grade scale), versioned, in each institution's partition. */
export class DynamoGradingStore extends TableStore implements GradingStore {
  /** The grading in force: one GetItem of the current pointer. */
  current(institutionId: string): Promise<InstitutionGrading | undefined> {
    return this.getItem(CurrentInstitutionGradingEntity.key(institutionId), CurrentInstitutionGradingEntity);
  }

  /** A published version (the one a conversion was made on). */
  version(institutionId: string, version: number): Promise<InstitutionGrading | undefined> {
    return this.getItem(InstitutionGradingEntity.key(institutionId, version), InstitutionGradingEntity);
  }

  institutionExists(institutionId: string): Promise<boolean> {
    return this.getItem(InstitutionEntity.key(institutionId), { fromItem: () => true }).then(Boolean);
  }

  /**
   * Puts the version (if it does not exist yet) and moves the current pointer to it (if it is still
   * at the version read), with the audit event, in one transaction; false when another landed first.
   */
  async publish(grading: InstitutionGrading, previousVersion: number, audit: AuditEvent): Promise<boolean> {
    const codes = await this.tryTransact([
      {
        Put: {
          TableName: this.tableName,
          Item: InstitutionGradingEntity.toItem(grading),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Put: {
          TableName: this.tableName,
          Item: CurrentInstitutionGradingEntity.toItem(grading),
          ...(previousVersion === 0
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : {
                ConditionExpression: 'version = :version',
                ExpressionAttributeValues: { ':version': previousVersion },
              }),
        },
      },
      { Put: { TableName: this.tableName, Item: AuditEventEntity.toItem(audit) } },
    ]);
    if (!codes) return true;
    if (codes.includes('ConditionalCheckFailed') || codes.includes('TransactionConflict')) return false;
    throw new Error(
      `Grading version ${grading.version} of ${grading.institutionId} not published: ${codes.join(', ')}`,
    );
  }
}
