import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createDocumentClient } from '../../functions/storage/dynamo-client';
import { INDEX_LAG_MILLIS } from '../../functions/storage/membership-store';
import { TABLES } from '../../functions/storage/table-design';
import { startScimServer, type TestServer } from '../../test/support/scim-server';
import { TEST_TABLES } from '../../test/support/test-tables';
import { ensureTables } from '../local/create-tables';
import { type DynamoDbLocal, startDynamoDbLocal } from '../local/dynamodb-local';
import { type CostMeter, meterOperationCost } from './cost-meter';

/** The tables of the bench's DynamoDB Local: the test server's (test/support/scim-server.ts serves them). */
export const BENCH_TABLES = TEST_TABLES;

/**
 * DynamoDB Local with the tables, and the tests' SCIM server on it (the real handlers behind the local
 * gateway), its client metered. The authorizer has a client of its own, so that only the SCIM handlers'
 * requests are counted.
 */
export interface BenchEnvironment extends Pick<TestServer, 'db' | 'newTenant' | 'close'> {
  readonly dynamo: DynamoDbLocal;
  readonly meter: CostMeter;
}

async function createTables(endpoint: string): Promise<void> {
  const client = new DynamoDBClient({
    region: 'local',
    endpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    await ensureTables(client, { [BENCH_TABLES.data]: TABLES.data, [BENCH_TABLES.tokens]: TABLES.tokens });
  } finally {
    client.destroy();
  }
}

export async function startBenchEnvironment(): Promise<BenchEnvironment> {
  const dynamo = await startDynamoDbLocal();
  try {
    await createTables(dynamo.endpoint);
    // The test server's token store finds DynamoDB Local here, as in a test run.
    process.env.DYNAMODB_ENDPOINT = dynamo.endpoint;
    const db = createDocumentClient({ region: 'local', endpoint: dynamo.endpoint });
    const meter = meterOperationCost(db);
    // A DELETE waits for gsi1 to catch up as deployed (the tests' server skips the wait unless asked).
    const server = await startScimServer(db, { indexLagMillis: INDEX_LAG_MILLIS });
    return {
      db,
      dynamo,
      meter,
      newTenant: () => server.newTenant(),
      close: async () => {
        await server.close();
        await dynamo.stop();
      },
    };
  } catch (error) {
    await dynamo.stop();
    throw error;
  }
}
