/**
 * The admin CLI: tenants, tokens, clients and trusts, on a deployed stack (through its admin Lambda, with the standard AWS
 * credential chain) or on the local endpoint (`--local`). `npx scim-admin --help` explains. The commands
 * are the admin function's command table (functions/admin/admin-command-table.ts): bin/admin/ reads the
 * command line, writes the help and prints the results from it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { AdminResponse } from '../functions/admin/admin-request';
import type { RequestLogEntry } from '../functions/scim/request-log-port';
import { parseCommandLine, type Target, UsageError } from './admin/command-line';
import { parseEventsCommandLine } from './admin/events-command-line';
import { listEvents, NoLocalEndpoint } from './admin/events-list';
import { parseLogsCommandLine } from './admin/logs-command-line';
import { listLogs } from './admin/logs-list';
import { resultLines } from './admin/print-result';
import { usage } from './admin/usage';

type Request = Readonly<Record<string, unknown>>;

/** A command line refused before anything was sent: exit code 2. */
function refuse(message: string): number {
  console.error(`Error: ${message}\nRun npx scim-admin --help for usage.`);
  return 2;
}

/**
 * Runs the request on the local endpoint's database, in this process, with the admin function's code. A
 * purge runs to its end here, step after step, rather than in the background; it starts at once, so a
 * request by a token the local endpoint authorised in the last 5 minutes could still write after it.
 */
async function runLocally(request: Request, target: Target) {
  const file = join(resolve(target.dataDir), 'endpoint.json');
  if (!existsSync(file)) {
    throw new UsageError(`No local endpoint is running (no ${file}): start it with \`npm start\` first.`);
  }
  const { tenantUrl, tokenEndpoint, dynamodbEndpoint } = JSON.parse(readFileSync(file, 'utf8')) as Record<
    string,
    string | undefined
  >;
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const { adminCommands } = await import('../functions/admin/admin-commands');
  const { createDocumentClient } = await import('../functions/storage/dynamo-client');
  const { LOCAL_TABLE_NAMES } = await import('../functions/storage/table-design');
  const { TokenStore } = await import('../functions/storage/token-store');
  const { ClientStore } = await import('../functions/storage/client-store');
  const { TenantDataPurge } = await import('../functions/storage/tenant-data-purge');
  const { EmailReindex } = await import('../functions/storage/email-reindex');
  const { RequestLogStore } = await import('../functions/storage/request-log-store');
  const db = createDocumentClient({ region: 'local', endpoint: dynamodbEndpoint });
  const tokens = new TokenStore(db, LOCAL_TABLE_NAMES.tokens);
  const steps: Record<string, unknown>[] = [];
  const admin = adminCommands({
    tokens,
    clients: new ClientStore(db, LOCAL_TABLE_NAMES.tokens),
    usagePlans: {},
    defaultTier: 'standard',
    // A tenant's policy is mirrored into the data table (its POLICY item), whose stream makes it an event.
    dataTable: LOCAL_TABLE_NAMES.data,
    purge: new TenantDataPurge(db, LOCAL_TABLE_NAMES.data),
    reindex: new EmailReindex(db, LOCAL_TABLE_NAMES.data),
    requestLog: new RequestLogStore(db, LOCAL_TABLE_NAMES.data),
    continueLater: async (event) => {
      steps.push({ ...event });
    },
  });
  const response = await admin(request);
  if (steps.length === 0) return { response, tenantUrl, tokenEndpoint };
  for (let step = steps.shift(); step !== undefined; step = steps.shift()) {
    const outcome = await admin(step);
    if (!outcome.ok) return { response: outcome, tenantUrl, tokenEndpoint };
  }
  const result = { ...(response.ok ? (response.result as Record<string, unknown>) : {}), data: 'purged' };
  return { response: { ok: true, result } as AdminResponse, tenantUrl, tokenEndpoint };
}

/** Invokes the deployed admin function, found by name or through the stack's outputs. */
async function runDeployed(request: Request, target: Target) {
  if (target.profile !== undefined) process.env.AWS_PROFILE = target.profile;
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const { LambdaClient, InvokeCommand } = await import('@aws-sdk/client-lambda');
  const { CloudFormationClient, DescribeStacksCommand } = await import('@aws-sdk/client-cloudformation');
  const region = target.region === undefined ? {} : { region: target.region };
  let functionName = target.function;
  let tenantUrl: string | undefined;
  let tokenEndpoint: string | undefined;
  try {
    if (functionName === undefined) {
      const stackName = target.stack ?? 'ScimEndpoint';
      const cloudFormation = new CloudFormationClient(region);
      const { Stacks } = await cloudFormation
        .send(new DescribeStacksCommand({ StackName: stackName }))
        .catch((e) => {
          if (e instanceof Error && /does not exist/.test(e.message)) {
            throw new UsageError(
              `Stack ${stackName} not found in ${String(cloudFormation.config.region)}: check --stack and --region.`,
            );
          }
          throw e;
        });
      const outputs = Stacks?.[0]?.Outputs ?? [];
      functionName = outputs.find((o) => o.OutputKey === 'AdminFunctionName')?.OutputValue;
      tenantUrl = outputs.find((o) => o.OutputKey === 'TenantUrl')?.OutputValue;
      tokenEndpoint = outputs.find((o) => o.OutputKey === 'TokenEndpoint')?.OutputValue;
      if (functionName === undefined)
        throw new UsageError(`Stack ${stackName} has no AdminFunctionName output.`);
    }
    const lambda = new LambdaClient(region);
    const result = await lambda.send(
      new InvokeCommand({
        FunctionName: functionName,
        Payload: new TextEncoder().encode(JSON.stringify(request)),
      }),
    );
    const payload = new TextDecoder().decode(result.Payload ?? new Uint8Array());
    if (result.FunctionError !== undefined) throw new Error(`The admin function failed: ${payload}`);
    return { response: JSON.parse(payload) as AdminResponse, tenantUrl, tokenEndpoint };
  } catch (error) {
    if (error instanceof Error && /region is missing/i.test(error.message)) {
      throw new UsageError('No AWS region: pass --region or set AWS_REGION (or a region in your profile).');
    }
    if (error instanceof Error && /credential/i.test(error.name + error.message)) {
      throw new UsageError(
        'No AWS credentials found: sign in (aws configure, aws sso login, AWS_PROFILE=…) or use --local for the local endpoint.',
      );
    }
    throw error;
  }
}

/** `events list`: read from the local endpoint's event store, not through the admin function. */
async function events(argv: readonly string[]): Promise<number> {
  const line = parseEventsCommandLine(argv, new Date());
  if (line.kind === 'help') {
    console.log(usage());
    return 0;
  }
  if (line.kind === 'refused') return refuse(line.message);
  try {
    return await listEvents(line);
  } catch (error) {
    if (error instanceof NoLocalEndpoint) return refuse(error.message);
    console.error(`Error: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

/** `logs`: a tenant's request log, a page at a time through the admin function (or its code, `--local`). */
async function logs(argv: readonly string[]): Promise<number> {
  const line = parseLogsCommandLine(argv, new Date());
  if (line.kind === 'help') {
    console.log(usage());
    return 0;
  }
  if (line.kind === 'refused') return refuse(line.message);
  const { target } = line;
  const pages = async (since: Date, after?: string) => {
    const request = {
      action: 'listRequestLog',
      tenantId: line.tenantId,
      since: since.toISOString(),
      ...(after === undefined ? {} : { after }),
    };
    const { response } = target.local
      ? await runLocally(request, target)
      : await runDeployed(request, target);
    if (!response.ok) throw new UsageError(`${response.error.code}: ${response.error.message}`);
    return response.result as { lines: RequestLogEntry[]; next?: string };
  };
  try {
    return await listLogs(line, pages);
  } catch (error) {
    if (error instanceof UsageError || error instanceof NoLocalEndpoint) return refuse(error.message);
    console.error(`Error: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

async function main(): Promise<number> {
  if (process.argv[2] === 'events') return events(process.argv.slice(2));
  if (process.argv[2] === 'logs') return logs(process.argv.slice(2));
  const line = parseCommandLine(process.argv.slice(2), new Date());
  switch (line.kind) {
    case 'malformed':
      console.error(`${line.message}\n\n${usage()}`);
      return 2;
    case 'help':
      console.log(usage());
      return line.exitCode;
    case 'refused':
      return refuse(line.message);
  }
  try {
    const { response, tenantUrl, tokenEndpoint } = line.target.local
      ? await runLocally(line.request, line.target)
      : await runDeployed(line.request, line.target);
    if (line.json) {
      console.log(JSON.stringify(response.ok ? response.result : { error: response.error }, null, 2));
    } else if (response.ok) {
      const lines = resultLines(line.output, response.result, tenantUrl, tokenEndpoint);
      if (lines.length > 0) console.log(lines.join('\n'));
    } else console.error(`Error: ${response.error?.message} (${response.error?.code})`);
    return response.ok ? 0 : 1;
  } catch (error) {
    if (error instanceof UsageError) return refuse(error.message);
    console.error(`Error: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

process.exitCode = await main();
