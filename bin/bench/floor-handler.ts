/**
 * The floor for cold starts: a function that only creates a DynamoDB client and reads one item, bundled
 * like the real ones. Nothing can start and answer faster while talking to DynamoDB.
 */
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';

const client = new DynamoDBClient({
  region: process.env.AWS_REGION ?? 'local',
  ...(process.env.DYNAMODB_ENDPOINT
    ? {
        endpoint: process.env.DYNAMODB_ENDPOINT,
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      }
    : {}),
});

export async function handler(): Promise<unknown> {
  const result = await client.send(
    new GetItemCommand({
      TableName: process.env.TABLE_NAME,
      Key: { pk: { S: 'floor' }, sk: { S: 'floor' } },
    }),
  );
  return { statusCode: 200, found: result.Item !== undefined };
}
