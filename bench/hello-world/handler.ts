import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';

// The baseline of the cold-start benchmark: the least a DynamoDB-backed Lambda can be.
const client = new DynamoDBClient({});

export async function handler(): Promise<{ statusCode: number; body: string }> {
  const { Item } = await client.send(
    new GetItemCommand({
      TableName: process.env.TABLE_NAME,
      Key: { pk: { S: 'HELLO' }, sk: { S: 'WORLD' } },
    }),
  );
  return { statusCode: 200, body: JSON.stringify({ found: Boolean(Item) }) };
}
