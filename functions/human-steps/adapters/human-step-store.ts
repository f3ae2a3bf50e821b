import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '../../commons/errors.js';
import { AuditEventEntity } from '../../store/audit.js';
import { queryAll, TableStore, type TransactItem } from '../../store/dynamo.js';
import type { AwaitPhase, Subject } from '../domain/steps.js';
import { type ActionLink, ActionLinkEntity } from '../entities/action-link.js';
import { type AwaitedStep, AwaitedStepEntity } from '../entities/awaited-step.js';
import { StepAlreadyDecidedError } from '../use-cases/decide.js';
import type { HumanStepStore, StepDecisionRecord } from '../use-cases/ports.js';

// The human steps' own items: the awaited steps (one partition per subject) and the action links.
// Reads that decide something are strongly consistent; waits are read from the table, queues from
// the byOwner index.
export class DynamoHumanStepStore extends TableStore implements HumanStepStore {
  getAwaited(subject: Subject, stepId: string): Promise<AwaitedStep | undefined> {
    return this.getItem(AwaitedStepEntity.key(subject, stepId), AwaitedStepEntity);
  }

  async listAwaited(subject: Subject): Promise<AwaitedStep[]> {
    return (await this.prefixQuery(AwaitedStepEntity.pk(subject), AwaitedStepEntity.prefix)).map(
      AwaitedStepEntity.fromItem,
    );
  }

  async listAwaiting(stepKind: string): Promise<AwaitedStep[]> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      IndexName: 'byOwner',
      KeyConditionExpression: 'gsi2pk = :pk',
      ExpressionAttributeValues: { ':pk': AwaitedStepEntity.queue(stepKind) },
    });
    return items.map(AwaitedStepEntity.fromItem);
  }

  async awaitStep(
    wait: { subject: Subject; stepId: string; taskToken: string; phase: AwaitPhase },
    at: string,
  ): Promise<AwaitedStep> {
    if (wait.phase === 'request') {
      const awaited: AwaitedStep = { ...wait, since: at };
      await this.db.send(
        new PutCommand({ TableName: this.tableName, Item: AwaitedStepEntity.toItem(awaited) }),
      );
      return awaited;
    }
    // Renews the token in place: `since` and a decision's claim (racing this timeout) are kept.
    const fresh = AwaitedStepEntity.toItem({ ...wait, since: at });
    const { Attributes } = await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: AwaitedStepEntity.key(wait.subject, wait.stepId),
        UpdateExpression:
          'SET taskToken = :token, phase = :phase, since = if_not_exists(since, :at), #type = :type, ' +
          'subject = :subject, stepId = :stepId, gsi2pk = :queue, gsi2sk = if_not_exists(gsi2sk, :queueSk)',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: {
          ':token': wait.taskToken,
          ':phase': wait.phase,
          ':at': at,
          ':type': fresh.type,
          ':subject': wait.subject,
          ':stepId': wait.stepId,
          ':queue': fresh.gsi2pk,
          ':queueSk': fresh.gsi2sk,
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return AwaitedStepEntity.fromItem(Attributes ?? fresh);
  }

  getLink(linkHash: string): Promise<ActionLink | undefined> {
    return this.getItem(ActionLinkEntity.key(linkHash), ActionLinkEntity);
  }

  async putLink(link: ActionLink): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.tableName, Item: ActionLinkEntity.toItem(link) }));
  }

  async recordDecision(r: StepDecisionRecord): Promise<void> {
    const TableName = this.tableName;
    const items: TransactItem[] = [
      // One decision per step: only while it is awaited, and only the first to claim it.
      {
        Update: {
          TableName,
          Key: AwaitedStepEntity.key(r.subject, r.stepId),
          UpdateExpression: 'SET decisionId = :decision, decidedAt = :at',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(decisionId)',
          ExpressionAttributeValues: { ':decision': r.decisionId, ':at': r.at },
        },
      },
      {
        Put: {
          TableName,
          Item: AuditEventEntity.toItem(r.audit),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      ...r.extras.map((Item) => ({ Put: { TableName, Item } })),
    ];
    if (r.link) {
      // Single use: the first POST wins, a second finds usedAt set.
      items.push({
        Update: {
          TableName,
          Key: ActionLinkEntity.key(r.link.linkHash),
          UpdateExpression: 'SET usedAt = :at, outcome = :outcome',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(usedAt)',
          ExpressionAttributeValues: { ':at': r.link.usedAt ?? r.at, ':outcome': r.link.outcome ?? '' },
        },
      });
    }
    try {
      await this.transact(items, `${r.subject.id} was decided meanwhile`);
    } catch (error) {
      throw error instanceof ConflictError ? new StepAlreadyDecidedError(error.message) : error;
    }
  }

  async undoDecision(r: StepDecisionRecord): Promise<void> {
    const TableName = this.tableName;
    const rest: TransactItem[] = [
      { Delete: { TableName, Key: AuditEventEntity.key(r.audit) } },
      ...r.extras.map((item) => ({ Delete: { TableName, Key: { pk: item.pk, sk: item.sk } } })),
    ];
    if (r.link) {
      rest.push({
        Update: {
          TableName,
          Key: ActionLinkEntity.key(r.link.linkHash),
          UpdateExpression: 'REMOVE usedAt, outcome',
          ConditionExpression: 'attribute_exists(pk)',
        },
      });
    }
    const release: TransactItem = {
      Update: {
        TableName,
        Key: AwaitedStepEntity.key(r.subject, r.stepId),
        UpdateExpression: 'REMOVE decisionId, decidedAt',
        ConditionExpression: 'decisionId = :decision',
        ExpressionAttributeValues: { ':decision': r.decisionId },
      },
    };
    try {
      await this.db.send(new TransactWriteCommand({ TransactItems: [release, ...rest] }));
    } catch (error) {
      // The workflow settled the step meanwhile (it ended or moved on): there is no claim left to
      // release, but the record must still go.
      if (!(error instanceof TransactionCanceledException)) throw error;
      await this.db.send(new TransactWriteCommand({ TransactItems: rest }));
    }
  }
}
