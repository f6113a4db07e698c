/**
 * The admin CLI: tenants and tokens, on a deployed stack (through its admin Lambda, with the standard AWS
 * credential chain) or on the local endpoint (`--local`). `npx scim-admin --help` explains.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { EXPIRY_FORMS, parseExpiry } from '../functions/admin/token-expiry';

const USAGE = `Usage: npx scim-admin <command> [arguments] [options]

Tenants
  tenants create <tenant> [--tier <tier>]    create a tenant (and its API key in the tier's usage plan)
  tenants list                               list tenants
  tenants show <tenant>                      show one tenant
  tenants move <tenant> --tier <tier>        move a tenant to another throttling tier (its API key leaves
                                             the old usage plan, then joins the new one: for a moment,
                                             its requests get 403; if joining fails, it goes back)
  tenants disable <tenant>                   refuse the tenant's tokens (401) until enabled again
  tenants enable <tenant>
  tenants delete <tenant> [--purge]          delete a tenant: its tokens, its API key and usage-plan key.
                                             Without --purge its users and groups stay in the table (a
                                             tenant created again with this id sees them); with --purge
                                             they are deleted too, in the background once the authorizer
                                             cache TTL has passed (\`tenants show\` says deleting until
                                             done; run the command again to resume a purge that stopped)

  tenants create and delete are safe to repeat: one that failed part-way is completed by running it again.

Tokens
  tokens create <tenant> [--label <text>] [--expires <when>]
                                             issue a Secret Token; shown once, stored only as a hash
  tokens list <tenant>                       tokens by id, label, hint, created and last used
  tokens rotate <tenant> <tokenId> [--expires <when>]
                                             issue a replacement, with the old token's expiry unless
                                             --expires is given; the old token works until revoked
  tokens revoke <tenant> <tokenId>           stop a token (within the authorizer cache TTL)

  --expires takes ${EXPIRY_FORMS}.
  Impossible dates (2027-02-30) and past ones are refused. Without --expires a token does not expire.

Where
  --stack <name>       a deployed stack; its outputs name the admin function (default: ScimEndpoint)
  --function <name>    the admin function's name or ARN, instead of --stack
  --local              the local endpoint of \`npm start\` (its data folder: --data-dir, default .scim-local)
  --region <region>    AWS region (default: from the environment or profile)
  --profile <name>     AWS profile (default: the standard credential chain)

Output
  --json               print the raw result as JSON, for scripts
  -h, --help           this help
`;

interface AdminResponse {
  readonly ok: boolean;
  readonly result?: unknown;
  readonly error?: { readonly code: string; readonly message: string };
}

class UsageError extends Error {}

function parse() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      stack: { type: 'string' },
      function: { type: 'string' },
      local: { type: 'boolean', default: false },
      'data-dir': { type: 'string', default: '.scim-local' },
      region: { type: 'string' },
      profile: { type: 'string' },
      tier: { type: 'string' },
      label: { type: 'string' },
      expires: { type: 'string' },
      purge: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  return { options: values, positionals };
}

type Options = ReturnType<typeof parse>['options'];

/** The admin request for a command line. */
function requestFor(positionals: string[], options: Options): Record<string, unknown> {
  const [noun, verb, tenantId, tokenId] = positionals;
  const need = (value: string | undefined, what: string) => {
    if (value === undefined)
      throw new UsageError(`Missing ${what}: npx scim-admin ${noun} ${verb} <${what}>`);
    return value;
  };
  const command = `${noun ?? ''} ${verb ?? ''}`.trim();
  switch (command) {
    case 'tenants create':
      return {
        action: 'createTenant',
        tenantId: need(tenantId, 'tenant'),
        ...(options.tier ? { tier: options.tier } : {}),
      };
    case 'tenants list':
      return { action: 'listTenants' };
    case 'tenants show':
      return { action: 'getTenant', tenantId: need(tenantId, 'tenant') };
    case 'tenants move':
      if (options.tier === undefined) throw new UsageError('tenants move needs --tier <tier>');
      return { action: 'moveTenant', tenantId: need(tenantId, 'tenant'), tier: options.tier };
    case 'tenants disable':
      return { action: 'disableTenant', tenantId: need(tenantId, 'tenant') };
    case 'tenants enable':
      return { action: 'enableTenant', tenantId: need(tenantId, 'tenant') };
    case 'tenants delete':
      return { action: 'deleteTenant', tenantId: need(tenantId, 'tenant'), purge: options.purge ?? false };
    case 'tokens create':
      return {
        action: 'createToken',
        tenantId: need(tenantId, 'tenant'),
        ...(options.label ? { label: options.label } : {}),
        ...expiry(options.expires),
      };
    case 'tokens list':
      return { action: 'listTokens', tenantId: need(tenantId, 'tenant') };
    case 'tokens revoke':
      return { action: 'revokeToken', tenantId: need(tenantId, 'tenant'), tokenId: need(tokenId, 'tokenId') };
    case 'tokens rotate':
      return {
        action: 'rotateToken',
        tenantId: need(tenantId, 'tenant'),
        tokenId: need(tokenId, 'tokenId'),
        ...expiry(options.expires),
      };
    default:
      throw new UsageError(command === '' ? 'Missing command' : `Unknown command '${command}'`);
  }
}

/** `--expires`, checked strictly here (the admin function checks it again): never rolled over to another day. */
function expiry(text: string | undefined): { expiresAt?: string } {
  if (text === undefined) return {};
  const parsed = parseExpiry(text, new Date());
  if (!parsed.ok) throw new UsageError(`--expires: ${parsed.message}`);
  return { expiresAt: parsed.expiresAt };
}

/**
 * Runs the request on the local endpoint's database, in this process, with the admin function's code. A
 * purge runs to its end here, step after step, rather than in the background; it starts at once, so a
 * request by a token the local endpoint authorised in the last 5 minutes could still write after it.
 */
async function runLocally(request: Record<string, unknown>, options: Options) {
  const file = join(resolve(options['data-dir'] ?? '.scim-local'), 'endpoint.json');
  if (!existsSync(file)) {
    throw new UsageError(`No local endpoint is running (no ${file}): start it with \`npm start\` first.`);
  }
  const { tenantUrl, dynamodbEndpoint } = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const { adminCommands } = await import('../functions/admin/admin-commands');
  const { createDocumentClient } = await import('../functions/storage/dynamo-client');
  const { LOCAL_TABLE_NAMES } = await import('../functions/storage/table-design');
  const { TokenStore } = await import('../functions/storage/token-store');
  const { TenantDataPurge } = await import('../functions/storage/tenant-data-purge');
  const db = createDocumentClient({ region: 'local', endpoint: dynamodbEndpoint });
  const tokens = new TokenStore(db, LOCAL_TABLE_NAMES.tokens);
  const steps: Record<string, unknown>[] = [];
  const admin = adminCommands({
    tokens,
    usagePlans: {},
    defaultTier: 'standard',
    purge: new TenantDataPurge(db, LOCAL_TABLE_NAMES.data),
    continueLater: async (event) => {
      steps.push({ ...event });
    },
  });
  const response = await admin(request);
  if (steps.length === 0) return { response, tenantUrl };
  for (let step = steps.shift(); step !== undefined; step = steps.shift()) {
    const outcome = await admin(step);
    if (!outcome.ok) return { response: outcome, tenantUrl };
  }
  const result = { ...(response.ok ? (response.result as Record<string, unknown>) : {}), data: 'purged' };
  return { response: { ok: true, result } as AdminResponse, tenantUrl };
}

/** Invokes the deployed admin function, found by name or through the stack's outputs. */
async function runDeployed(request: Record<string, unknown>, options: Options) {
  if (options.profile !== undefined) process.env.AWS_PROFILE = options.profile;
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const { LambdaClient, InvokeCommand } = await import('@aws-sdk/client-lambda');
  const { CloudFormationClient, DescribeStacksCommand } = await import('@aws-sdk/client-cloudformation');
  const region = options.region === undefined ? {} : { region: options.region };
  let functionName = options.function;
  let tenantUrl: string | undefined;
  try {
    if (functionName === undefined) {
      const stackName = options.stack ?? 'ScimEndpoint';
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
    return { response: JSON.parse(payload) as AdminResponse, tenantUrl };
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

function table(rows: Record<string, unknown>[], columns: string[]): string {
  const cells = rows.map((row) => columns.map((c) => String(row[c] ?? '')));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((r) => (r[i] as string).length)));
  const line = (values: string[]) =>
    values
      .map((v, i) => v.padEnd(widths[i] as number))
      .join('  ')
      .trimEnd();
  return [line(columns), ...cells.map(line)].join('\n');
}

/** Human-readable output for each action. */
function print(request: Record<string, unknown>, result: unknown, tenantUrl: string | undefined): void {
  const record = result as Record<string, unknown>;
  switch (request.action) {
    case 'createToken':
    case 'rotateToken':
      console.log(`Token ${record.tokenId} (${record.label}) for tenant ${record.tenantId}.`);
      if (record.replaces !== undefined) {
        console.log(`It replaces ${record.replaces}, which keeps working until you revoke it.`);
      }
      console.log('');
      if (tenantUrl !== undefined) console.log(`Tenant URL: ${tenantUrl}`);
      console.log(`Secret Token: ${record.token}`);
      console.log('');
      console.log(
        'The token is shown this once and stored only as a hash: paste it into your identity provider now.',
      );
      return;
    case 'listTenants':
      console.log(table(result as Record<string, unknown>[], ['tenantId', 'status', 'tier', 'createdAt']));
      return;
    case 'listTokens':
      console.log(
        table(result as Record<string, unknown>[], [
          'tokenId',
          'status',
          'label',
          'hint',
          'createdAt',
          'lastUsedAt',
          'expiresAt',
        ]),
      );
      return;
    case 'deleteTenant':
      console.log(
        `Deleted tenant ${record.tenantId}: ${record.tokens} token(s) and ${record.apiKeys ?? 0} API key(s) removed.`,
      );
      console.log(
        record.data === 'kept'
          ? 'Its users and groups are kept: `tenants delete --purge` deletes them.'
          : `Its users and groups: ${record.data}.`,
      );
      return;
    case 'revokeToken':
      console.log(
        `Revoked ${record.tokenId}: refused within the authorizer cache TTL (5 minutes by default).`,
      );
      return;
    default:
      for (const [key, value] of Object.entries(record)) console.log(`${key}: ${value}`);
  }
}

async function main(): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse();
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { options, positionals } = parsed;
  if (options.help || positionals.length === 0) {
    console.log(USAGE);
    return options.help ? 0 : 2;
  }
  try {
    const request = requestFor(positionals, options);
    const { response, tenantUrl } = options.local
      ? await runLocally(request, options)
      : await runDeployed(request, options);
    if (options.json) {
      console.log(JSON.stringify(response.ok ? response.result : { error: response.error }, null, 2));
    } else if (response.ok) print(request, response.result, tenantUrl);
    else console.error(`Error: ${response.error?.message} (${response.error?.code})`);
    return response.ok ? 0 : 1;
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`Error: ${error.message}\nRun npx scim-admin --help for usage.`);
      return 2;
    }
    console.error(`Error: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

process.exitCode = await main();
