/**
 * `npm start`: the SCIM endpoint on this machine. The very same Lambda handlers and authorizer logic run
 * behind a thin HTTP adapter (bin/local/local-gateway.ts), on an embedded DynamoDB Local.
 *
 *   npm start                      data kept in .scim-local/ across restarts
 *   npm start -- --in-memory       starts empty, keeps nothing
 *   PORT=9000 npm start            another port (default 8787)
 *   npm start -- --schema-extensions docs/schema-extensions.example.json   declared extension schemas
 *
 * The provisioning events come from the data table's stream, as in AWS: the deployed event function's
 * handler runs on DynamoDB Local's stream (bin/local/local-event-stream.ts) and keeps the events it would
 * put on the bus; `npx scim-admin events list <tenant> --local` prints them.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ENV } from '../functions/config';

const { values: args } = parseArgs({
  options: {
    'in-memory': { type: 'boolean', default: false },
    'data-dir': { type: 'string', default: '.scim-local' },
    host: { type: 'string', default: '127.0.0.1' },
    'schema-extensions': { type: 'string' },
    'no-events': { type: 'boolean', default: false },
    'no-lifecycle': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (args.help) {
  console.log(`Usage: npm start [-- --in-memory] [-- --data-dir DIR] [-- --host HOST] [-- --schema-extensions FILE] [-- --no-events] [-- --no-lifecycle]
Runs the SCIM endpoint locally on http://HOST:PORT/scim/v2 (HOST a loopback address, 127.0.0.1 by
default; PORT defaults to 8787). FILE declares extension schemas, as the construct's schemaExtensions
prop does (docs/schema-extensions.md). --no-events leaves out the provisioning events (the data table's
stream and the event function, which in AWS run in a function of their own). --no-lifecycle leaves out
what AWS runs on a schedule (Time to Live's purge of expired items and the daily sweep of deactivated
users, which the local endpoint runs every minute). The bench measures the request path alone with both.`);
  process.exit(0);
}

// Only this machine may reach the endpoint and its database (DynamoDB Local, bound to 127.0.0.1 by
// bin/local/dynamodb-local.ts): a host on another interface is refused, not served.
const LOOPBACK_HOST = /^(127(\.\d{1,3}){3}|::1|localhost)$/i;
if (!LOOPBACK_HOST.test(args.host)) {
  console.error(
    `--host ${args.host} is not a loopback address: the local endpoint serves this machine only.`,
  );
  process.exit(2);
}

// The declared extensions, checked now (a mistake is reported before anything starts) and handed to the
// handlers as the stack hands them: in their environment.
if (args['schema-extensions'] !== undefined) {
  const { parseExtensionDeclarations } = await import('../functions/scim/schema/extension-declaration');
  try {
    const declared = parseExtensionDeclarations(JSON.parse(readFileSync(args['schema-extensions'], 'utf8')));
    process.env[ENV.SCHEMA_EXTENSIONS] = JSON.stringify(declared);
    console.log(`Declared extensions: ${declared.map((d) => d.id).join(', ') || 'none'}`);
  } catch (error) {
    console.error(`--schema-extensions ${args['schema-extensions']}: ${(error as Error).message}`);
    process.exit(2);
  }
}

const port = Number(process.env.PORT ?? 8787);
// The SDK warns that releases from 2027 need Node 22; the README explains why tooling runs on Node 20
// while the Lambda functions run on Node 22.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// No EMF lines on the terminal: CloudWatch is not there to read them. POWERTOOLS_METRICS_DISABLED=false
// npm start shows them (functions/http/emit-metrics.ts); POWERTOOLS_DEV would also indent every log line.
process.env[ENV.POWERTOOLS_METRICS_DISABLED] ??= 'true';
const dataDirectory = resolve(args['data-dir']);
const inMemory = args['in-memory'];

const { startDynamoDbLocal } = await import('./local/dynamodb-local');
const { ensureTables } = await import('./local/create-tables');
const { createDocumentClient } = await import('../functions/storage/dynamo-client');
const { LOCAL_TABLE_NAMES, TABLES } = await import('../functions/storage/table-design');
const { TokenStore } = await import('../functions/storage/token-store');
const { ClientStore } = await import('../functions/storage/client-store');
const { TOKEN_PATH } = await import('../functions/oauth/token-path');
const { LOCAL_EVENTS_DEFINITION, LOCAL_EVENTS_TABLE } = await import('./local/local-event-store');
const { LOCAL_EVENT_BUS_NAME } = await import('./local/local-event-function');

console.log(`Starting DynamoDB Local${inMemory ? ' (in memory)' : ` (data in ${dataDirectory})`}…`);
const dynamo = await startDynamoDbLocal(inMemory ? {} : { dataDirectory: join(dataDirectory, 'dynamodb') });

const tables = {
  [LOCAL_TABLE_NAMES.data]: TABLES.data,
  [LOCAL_TABLE_NAMES.tokens]: TABLES.tokens,
  [LOCAL_EVENTS_TABLE]: LOCAL_EVENTS_DEFINITION,
};
Object.assign(process.env, {
  [ENV.AWS_REGION]: 'local',
  [ENV.TABLE_NAME]: LOCAL_TABLE_NAMES.data,
  [ENV.TOKENS_TABLE_NAME]: LOCAL_TABLE_NAMES.tokens,
  // The token function's request-log lines go to the data table, as the authorizer's (functions/token.ts).
  [ENV.DATA_TABLE_NAME]: LOCAL_TABLE_NAMES.data,
  [ENV.DYNAMODB_ENDPOINT]: dynamo.endpoint,
  [ENV.EVENT_BUS_NAME]: LOCAL_EVENT_BUS_NAME,
});
const db = createDocumentClient({ region: 'local', endpoint: dynamo.endpoint });
await ensureTables(db as never, tables);

// Handlers read their environment when imported, so they are imported now that it is set.
const { handler: users } = await import('../functions/users');
const { handler: groups } = await import('../functions/groups');
const { handler: discovery } = await import('../functions/discovery');
const { handler: token } = await import('../functions/token');
const { authorize } = await import('../functions/auth/authorize');
const { hashToken, issueBearerToken } = await import('../functions/auth/bearer-token');
const { localGateway } = await import('./local/local-gateway');
const { loggedAuthorizer } = await import('./local/logged-authorizer');
const { RequestLogStore } = await import('../functions/storage/request-log-store');
const { startLocalEventStream } = await import('./local/local-event-stream');

// The event source mapping of the stack (lib/scim-events.ts): from the oldest record the stream keeps on
// its first start, then from its checkpoints, polled every second (the stack's batching window). Left out
// with --no-events: in AWS it is another function's work, not the request's.
const events = args['no-events']
  ? { stop: async () => {} }
  : await startLocalEventStream({
      endpoint: dynamo.endpoint,
      db,
      table: LOCAL_TABLE_NAMES.data,
      consumer: 'npm-start',
      startingPosition: 'TRIM_HORIZON',
      pollEvery: 1_000,
      onDiscard: (records, reason) =>
        console.error(
          `Provisioning events lost: ${records.length} stream record(s) from ${records[0]?.dynamodb?.SequenceNumber} given up after the retries (${reason})`,
        ),
      onError: (error) => console.error('Reading the data table stream failed; retrying:', error),
    });

const tokens = new TokenStore(db, LOCAL_TABLE_NAMES.tokens);
// OAuth 2.0 clients, their secrets and trusts live in the tokens table, as deployed (docs/authentication.md).
const clients = new ClientStore(db, LOCAL_TABLE_NAMES.tokens);
// The tenants' request log, which the authorizer writes refusals of known credentials to, as deployed.
const requestLog = new RequestLogStore(db, LOCAL_TABLE_NAMES.data);

// What AWS runs on a schedule: Time to Live (which DynamoDB Local lacks) and the sweep of deactivated users,
// every minute. Their clock is the current minute: DynamoDB Local dates stream records to the minute, and a
// tombstone's removal is read as its expiry only when its expiresAt is not after the record's time
// (functions/storage/stream-changes.ts), so an item is removed once the minute it expired in has passed.
// Left out with --no-lifecycle: each pass Scans the data table, work that in AWS is DynamoDB's or another
// function's, and that would land on whichever requests the bench is measuring at the time.
const { startLifecycleTimers } = await import('./local/lifecycle-timers');
const lifecycle = args['no-lifecycle']
  ? { stop: async () => {} }
  : startLifecycleTimers({
      db,
      dataTable: LOCAL_TABLE_NAMES.data,
      tokens,
      now: () => new Date(Math.floor(Date.now() / 60_000) * 60_000),
    });

/** The default tenant's token: kept in the data folder so that a configured IdP keeps working across restarts. */
async function defaultToken(): Promise<string> {
  const file = join(dataDirectory, 'default-token');
  if (!inMemory && existsSync(file)) {
    const saved = readFileSync(file, 'utf8').trim();
    if ((await tokens.resolve(hashToken(saved)))?.tenantId === 'default') return saved;
  }
  await tokens.createTenant({ tenantId: 'default', tier: 'standard' });
  const issued = await issueBearerToken(tokens, 'default', 'npm start');
  if (issued === undefined) throw new Error('Could not issue a token for the default tenant');
  if (!inMemory) {
    mkdirSync(dataDirectory, { recursive: true });
    writeFileSync(file, `${issued.token}\n`, { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  return issued.token;
}
const secretToken = await defaultToken();

const server = createServer(
  localGateway({
    handlers: { users, groups, discovery, token },
    authorize: loggedAuthorizer((header) => authorize(header, { tokens, clients }), requestLog),
  }),
);

// The admin CLI (`npx scim-admin … --local`) finds this endpoint's database here.
const endpointFile = join(dataDirectory, 'endpoint.json');
let stopping = false;
async function stop(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  server.close();
  rmSync(endpointFile, { force: true });
  await lifecycle.stop();
  await events.stop();
  await dynamo.stop();
  process.exit(code);
}
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));
process.on('uncaughtException', (error) => {
  console.error(error);
  void stop(1);
});

server.on('error', (error) => {
  console.error(`Cannot listen on ${args.host}:${port}: ${error.message}`);
  void stop(1);
});
server.listen(port, args.host, () => {
  const origin = `http://${args.host.includes(':') ? `[${args.host}]` : args.host}:${port}`;
  const tenantUrl = `${origin}/scim/v2`;
  const tokenEndpoint = `${origin}${TOKEN_PATH}`;
  mkdirSync(dataDirectory, { recursive: true });
  writeFileSync(
    endpointFile,
    JSON.stringify({ tenantUrl, tokenEndpoint, dynamodbEndpoint: dynamo.endpoint, pid: process.pid }),
  );
  console.log('');
  console.log(`Tenant URL: ${tenantUrl}`);
  console.log(`Secret Token: ${secretToken}`);
  console.log(`Token Endpoint: ${tokenEndpoint}`);
  console.log('');
  console.log(
    'Paste the Tenant URL and Secret Token into Microsoft Entra ID (Provisioning → Admin Credentials) or Okta; Ctrl-C stops.',
  );
  console.log(
    'OAuth 2.0 client credentials for Entra, or Basic Auth for Okta: npx scim-admin clients create default --local',
  );
  console.log(
    args['no-events']
      ? 'Provisioning events: off (--no-events)'
      : 'Provisioning events as they come: npx scim-admin events list default --local --follow',
  );
});
