import {
  BatchGetItemCommand,
  type BatchGetItemCommandInput,
  BatchWriteItemCommand,
  type BatchWriteItemCommandInput,
  DeleteItemCommand,
  type DeleteItemCommandInput,
  DynamoDBClient,
  GetItemCommand,
  type GetItemCommandInput,
  PutItemCommand,
  type PutItemCommandInput,
  QueryCommand,
  type QueryCommandInput,
  ScanCommand,
  type ScanCommandInput,
  TransactGetItemsCommand,
  type TransactGetItemsCommandInput,
  TransactWriteItemsCommand,
  type TransactWriteItemsCommandInput,
  UpdateItemCommand,
  type UpdateItemCommandInput,
} from '@aws-sdk/client-dynamodb';

// A function's DynamoDB work without the function: hello-world's client sending again, in the same
// round trips, the requests a function's first request sent (bench/cold-start.ts records them). What
// the function takes beyond this is its own code: its init and what its first request runs.
const client = new DynamoDBClient({});

// The operations CTS functions send; an unknown one fails the run rather than being skipped.
const send: Record<string, ((input: never) => Promise<unknown>) | undefined> = {
  BatchGetItem: (input: BatchGetItemCommandInput) => client.send(new BatchGetItemCommand(input)),
  BatchWriteItem: (input: BatchWriteItemCommandInput) => client.send(new BatchWriteItemCommand(input)),
  DeleteItem: (input: DeleteItemCommandInput) => client.send(new DeleteItemCommand(input)),
  GetItem: (input: GetItemCommandInput) => client.send(new GetItemCommand(input)),
  PutItem: (input: PutItemCommandInput) => client.send(new PutItemCommand(input)),
  Query: (input: QueryCommandInput) => client.send(new QueryCommand(input)),
  Scan: (input: ScanCommandInput) => client.send(new ScanCommand(input)),
  TransactGetItems: (input: TransactGetItemsCommandInput) => client.send(new TransactGetItemsCommand(input)),
  TransactWriteItems: (input: TransactWriteItemsCommandInput) =>
    client.send(new TransactWriteItemsCommand(input)),
  UpdateItem: (input: UpdateItemCommandInput) => client.send(new UpdateItemCommand(input)),
};

export interface ReplayEvent {
  /** Each round trip's requests: the operation and its input as it went over the wire. */
  waves: { operation: string; input: object }[][];
}

export async function handler(event: ReplayEvent): Promise<{ statusCode: number; body: string }> {
  let sent = 0;
  for (const wave of event.waves) {
    await Promise.all(
      wave.map(async ({ operation, input }) => {
        const request = send[operation];
        if (!request) throw new Error(`No replay for DynamoDB ${operation}`);
        // A write the function's own run already made may now fail its condition: still a round trip.
        await request(input as never).catch((error: { $metadata?: unknown }) => {
          if (!error.$metadata) throw error;
        });
        sent++;
      }),
    );
  }
  return { statusCode: 200, body: JSON.stringify({ sent }) };
}
