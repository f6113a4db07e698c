import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../bin/admin/command-line';
import { resultLines, table } from '../../bin/admin/print-result';
import { synopsis, usage } from '../../bin/admin/usage';
import { ADMIN_COMMANDS } from '../../functions/admin/admin-command-table';

const now = new Date('2026-05-15T12:00:00.000Z');
const TOKEN = 'tok_0123456789abcdef';
/** Instants far from the real clock, which `tenants show` tells apart by: one to come, one gone by. */
const FUTURE = '2999-01-01T00:00:00.000Z';
const PAST = '2000-01-01T00:00:00.000Z';

/** The help as the CLI printed it before the command table wrote it: a change here is a change of the CLI. */
const HELP = `Usage: npx scim-admin <command> [arguments] [options]

Tenants
  tenants create <tenant> [--tier <tier>]    create a tenant (and its API key in the tier's usage plan)
  tenants list                               list tenants
  tenants show <tenant>                      show one tenant, with its policy
  tenants set <tenant> [--deletion hard|retain] [--retain-days N] [--purge-deactivated-after N|off] [--pause] [--resume] [--log-bodies <duration>|off]
                                             change the tenant's policy; what is not given stays as it is.
                                             --deletion retain keeps deleted users and groups, for the
                                             reader, --retain-days days (1-365; default 30), then purges
                                             them; hard (the default) deletes at once.
                                             --purge-deactivated-after N purges users deactivated (active
                                             false, unchanged) for N days (1-3650; off: never).
                                             --pause answers the tenant's writes with 503 and Retry-After
                                             (reads go on) until --resume.
                                             --log-bodies 24h (30m, 3d; at most 7d) keeps the redacted body
                                             of each logged request for that long; a line that keeps one
                                             expires after 24 hours; off stops it. Each change is in force
                                             within the authorizer cache TTL (5 minutes by default)
  tenants move <tenant> --tier <tier>        move a tenant to another throttling tier (its API key leaves
                                             the old usage plan, then joins the new one: for a moment,
                                             its requests get 403; if joining fails, it goes back)
  tenants disable <tenant>                   refuse the tenant's tokens (401) until enabled again
  tenants enable <tenant>
  tenants reindex <tenant> [--from <user id>]
                                             write the email lookup items of users stored before email
                                             matching existed (once, after upgrading), so that Entra finds
                                             them when email is its matching attribute; when it prints
                                             next, run it again with --from <next>
  tenants delete <tenant> [--purge]          delete a tenant: its tokens, clients and trusts, its API key
                                             and usage-plan key. Without --purge its users and groups stay
                                             in the table (a tenant created again with this id sees them);
                                             with --purge they are deleted too, in the background once the
                                             authorizer cache TTL has passed (\`tenants show\` says deleting
                                             until done; run the command again to resume a purge that stopped)

  tenants create and delete are safe to repeat: one that failed part-way is completed by running it again.

Tokens
  tokens create <tenant> [--label <text>] [--expires <when>]
                                             issue a Secret Token; shown once, stored only as a hash
  tokens list <tenant>                       tokens by id, label, hint, created and last used
  tokens rotate <tenant> <tokenId> [--expires <when>]
                                             issue a replacement, with the old token's expiry unless
                                             --expires is given; the old token works until revoked
  tokens revoke <tenant> <tokenId>           stop a token (within the authorizer cache TTL)

  --expires takes a date (2027-06-30: the token works through that day, until 23:59:59.999 UTC) or a timestamp with its offset (2027-06-30T17:00Z, 2027-06-30T17:00:00+02:00).
  Impossible dates (2027-02-30) and past ones are refused. Without --expires a token does not expire.

Clients
  clients create <tenant> [--label <text>] [--years 1|2|3] [--token-lifetime <seconds>]
                                             an OAuth 2.0 client and its first secret, for Entra (OAuth2
                                             Client Credentials Grant) or Okta (Basic Auth); the secret
                                             is shown once, stored only as a hash
  clients list <tenant>                      clients by id, label, access-token lifetime, live secrets
  clients delete <tenant> <clientId>         delete a client, its secrets and the access tokens they got
  clients secrets add <tenant> <clientId> [--years 1|2|3]
                                             another secret; the client's others keep working until
                                             revoked (at most 5 active at once)
  clients secrets list <tenant> <clientId>   secrets by id, status, hint, created, last used, expiry
  clients secrets revoke <tenant> <clientId> <secretId>
                                             stop a secret and the access tokens it got

  --years: when the secret expires (1 to 3 years, default 2); an expired secret gets no token. --token-lifetime: the access tokens' lifetime, 3600 to 21600 seconds (default 3600).
  Rotation without downtime: clients secrets add, paste the new secret into Entra or Okta, see its lastUsedAt in clients secrets list, then revoke the old one.

Trusts
  trusts create <tenant> --entra-tenant <tid> --subject <object id> --audience <app id> [--issuer <url>] [--jwks-uri <url>] [--label <text>] [--token-lifetime <seconds>]
                                             trust Entra's workload identity (Workload identity-based
                                             authentication): its assertions, signed by the keys of
                                             --jwks-uri, with the --issuer, tenant, subject and audience
                                             of Entra's step 1, get access tokens; no secret to rotate
  trusts list <tenant>                       trusts by id, label, Entra tenant, subject and audience
  trusts delete <tenant> <clientId>          delete a trust and the access tokens it got

  --entra-tenant: the customer's Entra tenant id; --subject: the Subject of Entra's step 1 (the service principal's object id, not the application's); --audience: its Audience, /.default dropped.
  --issuer and --jwks-uri default to https://login.microsoftonline.com/<tid>/v2.0 and .../discovery/v2.0/keys; https only (http on 127.0.0.1, localhost or [::1], for tests).

Events
  events list <tenant> --local [--since <time>] [--type <detail-type>] [--follow]
                                             the provisioning events of a tenant of \`npm start\`, oldest
                                             first: a line each (time, type, resource id, name), or with
                                             --json each event's detail exactly as it was put on the bus

  --since takes an ISO time (2026-12-02T09:00Z) or a duration back from now (30s, 30m, 1h, 7d); --type a detail-type (scim.user.deactivated); --follow prints new events as they come, until Ctrl-C.
  A deployed stack keeps no events of its own: they are on its bus, scim.eventBus, and in its archive (docs/events.md).

Request log
  logs <tenant> [--local] [--since <time>] [--status 4xx|5xx|<code>] [--path /Users] [--follow]
                                             a tenant's request log, oldest first: every write and every
                                             failure (time, method, path, status, scimType, client,
                                             latency, and for a failure a hint), or with --json each line
                                             as kept; no credential is in it, and no value or body unless
                                             tenants set --log-bodies is on (redacted)

  --since defaults to 1h; --status takes 4xx, 5xx or a code; --path a prefix below /scim/v2 (/Users, /Groups/<id>); --follow prints new lines as they come, until Ctrl-C. Lines are kept 30 days.

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

const NO_FLAGS = { pause: false, resume: false };
const policy = (fields: Record<string, unknown>) => ({
  action: 'setTenantPolicy',
  tenantId: 'acme',
  ...NO_FLAGS,
  ...fields,
});

/** `tenants set`: each option to its request field; the flags are always sent, false when absent. */
const TENANTS_SET: [string[], Record<string, unknown>][] = [
  [['--deletion', 'hard'], policy({ deletion: 'hard' })],
  [['--deletion', 'retain'], policy({ deletion: 'retain' })],
  [['--deletion', 'retain', '--retain-days', '90'], policy({ deletion: 'retain', retainDays: 90 })],
  [['--purge-deactivated-after', '3650'], policy({ purgeDeactivatedAfterDays: 3650 })],
  [['--purge-deactivated-after', 'off'], policy({ purgeDeactivatedAfterDays: 'off' })],
  [['--pause'], policy({ pause: true })],
  [['--resume'], policy({ resume: true })],
  [
    ['--deletion', 'retain', '--retain-days', '1', '--purge-deactivated-after', '1', '--pause'],
    policy({ deletion: 'retain', retainDays: 1, purgeDeactivatedAfterDays: 1, pause: true }),
  ],
  // A duration from `now` (2026-05-15T12:00Z) on, sent as the instant it ends.
  [['--log-bodies', '30m'], policy({ logBodiesUntil: '2026-05-15T12:30:00.000Z' })],
  [['--log-bodies', '24h'], policy({ logBodiesUntil: '2026-05-16T12:00:00.000Z' })],
  [['--log-bodies', '3d'], policy({ logBodiesUntil: '2026-05-18T12:00:00.000Z' })],
  [['--log-bodies', '7d'], policy({ logBodiesUntil: '2026-05-22T12:00:00.000Z' })],
  [['--log-bodies', '168h'], policy({ logBodiesUntil: '2026-05-22T12:00:00.000Z' })],
  [['--log-bodies', 'off'], policy({ logBodiesUntil: 'off' })],
  [['--log-bodies', '1h', '--pause'], policy({ logBodiesUntil: '2026-05-15T13:00:00.000Z', pause: true })],
];

/** `tenants set` options refused before anything is sent (exit 2), with the message the CLI prints. */
const TENANTS_SET_REFUSED: [string[], string][] = [
  [
    [],
    'tenants set needs at least one of --deletion, --retain-days, --purge-deactivated-after, --pause, --resume, --log-bodies',
  ],
  [['--pause', '--resume'], '--pause and --resume contradict each other: give one'],
  [['--deletion', 'soft'], "--deletion takes hard or retain, not 'soft'"],
  [['--deletion', '', '--pause', '--resume'], '--pause and --resume contradict each other: give one'],
  [['--retain-days', '30'], '--retain-days goes with --deletion retain'],
  [['--deletion', 'hard', '--retain-days', '30'], '--retain-days goes with --deletion retain'],
  [['--deletion', 'retain', '--retain-days', '0'], '--retain-days takes 1 to 365 days, not 0'],
  [['--deletion', 'retain', '--retain-days', '366'], '--retain-days takes 1 to 365 days, not 366'],
  [['--deletion', 'retain', '--retain-days', 'off'], '--retain-days takes 1 to 365 days, not off'],
  [['--deletion', 'retain', '--retain-days', '1.5'], "--retain-days: '1.5' is not a number of days"],
  [['--purge-deactivated-after', '0'], '--purge-deactivated-after takes 1 to 3650 days or off, not 0'],
  [['--purge-deactivated-after', '3651'], '--purge-deactivated-after takes 1 to 3650 days or off, not 3651'],
  [['--purge-deactivated-after', 'never'], "--purge-deactivated-after: 'never' is not a number of days"],
  [['--purge-deactivated-after=-5'], "--purge-deactivated-after: '-5' is not a number of days"],
  [['--log-bodies', '8d'], "--log-bodies: '8d' is more than 7 days: bodies are kept for a week at most"],
  [['--log-bodies', '169h'], "--log-bodies: '169h' is more than 7 days: bodies are kept for a week at most"],
  [['--log-bodies', '0h'], "--log-bodies: '0h' is no time at all: give at least 1m"],
  ...['forever', '24', '1.5h', '-1h', '1w', '', '2026-05-16T12:00:00.000Z'].map(
    (value): [string[], string] => [
      [`--log-bodies=${value}`],
      `--log-bodies: '${value}' is not a duration in minutes, hours or days (30m, 24h, 3d), at most 7 days, or off`,
    ],
  ),
];

describe('the admin command line, read into admin requests', () => {
  it.each([
    [['tenants', 'create', 'acme'], { action: 'createTenant', tenantId: 'acme' }],
    [
      ['tenants', 'create', 'acme', '--tier', 'large'],
      { action: 'createTenant', tenantId: 'acme', tier: 'large' },
    ],
    [['tenants', 'create', 'acme', '--tier', ''], { action: 'createTenant', tenantId: 'acme' }],
    [['tenants', 'list'], { action: 'listTenants' }],
    [['tenants', 'list', '--tier', 'large'], { action: 'listTenants' }],
    [['tenants', 'show', 'acme'], { action: 'getTenant', tenantId: 'acme' }],
    [
      ['tenants', 'move', 'acme', '--tier', 'large'],
      { action: 'moveTenant', tenantId: 'acme', tier: 'large' },
    ],
    [['tenants', 'move', 'acme', '--tier', ''], { action: 'moveTenant', tenantId: 'acme', tier: '' }],
    [['tenants', 'disable', 'acme'], { action: 'disableTenant', tenantId: 'acme' }],
    [['tenants', 'enable', 'acme'], { action: 'enableTenant', tenantId: 'acme' }],
    [['tenants', 'delete', 'acme'], { action: 'deleteTenant', tenantId: 'acme', purge: false }],
    [['tenants', 'delete', 'acme', '--purge'], { action: 'deleteTenant', tenantId: 'acme', purge: true }],
    [['tokens', 'create', 'acme'], { action: 'createToken', tenantId: 'acme' }],
    [
      ['tokens', 'create', 'acme', '--label', 'Entra', '--expires', '2027-06-30'],
      { action: 'createToken', tenantId: 'acme', label: 'Entra', expiresAt: '2027-06-30T23:59:59.999Z' },
    ],
    [['tokens', 'create', 'acme', '--label', ''], { action: 'createToken', tenantId: 'acme' }],
    [['tokens', 'list', 'acme'], { action: 'listTokens', tenantId: 'acme' }],
    [['tokens', 'revoke', 'acme', TOKEN], { action: 'revokeToken', tenantId: 'acme', tokenId: TOKEN }],
    [['tokens', 'rotate', 'acme', TOKEN], { action: 'rotateToken', tenantId: 'acme', tokenId: TOKEN }],
    [
      ['tokens', 'rotate', 'acme', TOKEN, '--expires', '2027-06-30T17:00+02:00'],
      { action: 'rotateToken', tenantId: 'acme', tokenId: TOKEN, expiresAt: '2027-06-30T15:00:00.000Z' },
    ],
  ])('%j → %j', (argv, request) => {
    const line = parseCommandLine(argv, now);
    expect(line.kind).toBe('command');
    expect(line.kind === 'command' && line.request).toEqual(request);
  });

  it.each(TENANTS_SET)('tenants set acme %j → %j', (options, request) => {
    const line = parseCommandLine(['tenants', 'set', 'acme', ...options], now);
    expect(line.kind === 'command' && line.request).toEqual(request);
  });

  it.each([
    [['tenants'], "Unknown command 'tenants'"],
    [['foo', 'bar'], "Unknown command 'foo bar'"],
    [['tokens', 'purge', 'acme'], "Unknown command 'tokens purge'"],
    [['tenants', 'show'], 'Missing tenant: npx scim-admin tenants show <tenant>'],
    [['tenants', 'move'], 'tenants move needs --tier <tier>'],
    [['tenants', 'move', 'acme'], 'tenants move needs --tier <tier>'],
    [['tenants', 'move', '--tier', 'large'], 'Missing tenant: npx scim-admin tenants move <tenant>'],
    [['tokens', 'revoke', 'acme'], 'Missing tokenId: npx scim-admin tokens revoke <tokenId>'],
    [['tokens', 'rotate'], 'Missing tenant: npx scim-admin tokens rotate <tenant>'],
    [
      ['tokens', 'create', 'acme', '--expires', '2020-01-01'],
      "--expires: '2020-01-01' (2020-01-01T23:59:59.999Z) is in the past",
    ],
    [
      ['tokens', 'create', 'acme', '--expires', ''],
      expect.stringMatching(/^--expires: '' is not a valid expiry: use a date/),
    ],
    [
      ['tokens', 'rotate', 'acme', TOKEN, '--expires', '2027-02-30'],
      expect.stringContaining('not a valid expiry'),
    ],
    [['tenants', 'set', '--pause'], 'Missing tenant: npx scim-admin tenants set <tenant>'],
    // Arguments are read before options: a missing tenant is named first.
    [
      ['tokens', 'create', '--expires', '2020-01-01'],
      'Missing tenant: npx scim-admin tokens create <tenant>',
    ],
  ])('refuses %j: %s', (argv, message) => {
    expect(parseCommandLine(argv, now)).toEqual({ kind: 'refused', message });
  });

  it.each(TENANTS_SET_REFUSED)('refuses tenants set acme %j: %s', (options, message) => {
    expect(parseCommandLine(['tenants', 'set', 'acme', ...options], now)).toEqual({
      kind: 'refused',
      message,
    });
  });

  it.each([
    [['--bogus'], /^Unknown option '--bogus'/],
    [['tenants', 'delete', 'acme', '--purge=yes'], /^Option '--purge' does not take an argument/],
    [['tenants', 'create', 'acme', '--tier'], /^Option '--tier <value>' argument missing/],
  ])('answers %j, which does not parse, with the parser’s message', (argv, message) => {
    const line = parseCommandLine(argv, now);
    expect(line.kind).toBe('malformed');
    expect(line.kind === 'malformed' && line.message).toMatch(message);
  });

  it.each([
    [['--help'], 0],
    [['-h'], 0],
    [['tenants', 'create', 'acme', '--help'], 0],
    [[], 2],
    [['--local'], 2],
  ])('shows the help for %j, exit code %i', (argv, exitCode) => {
    expect(parseCommandLine(argv, now)).toEqual({ kind: 'help', exitCode });
  });

  it.each([
    [[], { local: false, dataDir: '.scim-local', stack: undefined, function: undefined, region: undefined }],
    [['--local', '--data-dir', '/tmp/x'], { local: true, dataDir: '/tmp/x' }],
    [
      ['--stack', 'Other', '--region', 'eu-west-1', '--profile', 'ops'],
      { stack: 'Other', region: 'eu-west-1', profile: 'ops' },
    ],
    [
      ['--function', 'arn:aws:lambda:eu-west-1:1:function:f'],
      { function: 'arn:aws:lambda:eu-west-1:1:function:f' },
    ],
  ])('sends the request where %j says', (where, target) => {
    expect(parseCommandLine(['tenants', 'list', ...where], now)).toMatchObject({
      kind: 'command',
      target,
      json: false,
    });
  });

  it('prints JSON with --json, and each command as its table entry says', () => {
    expect(parseCommandLine(['tenants', 'list', '--json'], now)).toMatchObject({ json: true });
    expect(parseCommandLine(['tokens', 'rotate', 'acme', TOKEN], now)).toMatchObject({ output: 'token' });
    expect(parseCommandLine(['tenants', 'show', 'acme'], now)).toMatchObject({ output: 'fields' });
    expect(parseCommandLine(['tenants', 'set', 'acme', '--pause'], now)).toMatchObject({ output: 'policy' });
  });
});

describe('the help', () => {
  it('is, line for line, the text the CLI always printed', () => {
    expect(usage()).toBe(HELP);
  });

  it.each(
    Object.values(ADMIN_COMMANDS).flatMap(({ cli }) =>
      cli === undefined ? [] : [[cli.words, synopsis(cli)]],
    ),
  )('lists %s as `%s`', (_, line) => {
    expect(usage()).toContain(`  ${line}`);
  });

  it('names every option the commands take, required ones without brackets', () => {
    expect(synopsis(ADMIN_COMMANDS.moveTenant.cli ?? { words: '' })).toBe(
      'tenants move <tenant> --tier <tier>',
    );
    expect(synopsis(ADMIN_COMMANDS.createToken.cli ?? { words: '' })).toBe(
      'tokens create <tenant> [--label <text>] [--expires <when>]',
    );
    expect(ADMIN_COMMANDS.continuePurge).not.toHaveProperty('cli');
    expect(usage()).not.toContain('continuePurge');
  });

  it('aligns descriptions in one column, a long synopsis putting its own on the next line', () => {
    const lines = usage().split('\n');
    const at = (start: string) => lines.findIndex((l) => l.startsWith(start));
    expect(lines[at('  tenants list')]).toBe(`${'  tenants list'.padEnd(45)}list tenants`);
    expect(lines[at('  tenants enable')]).toBe('  tenants enable <tenant>');
    expect(lines[at('  tokens create') + 1]).toBe(
      `${' '.repeat(45)}issue a Secret Token; shown once, stored only as a hash`,
    );
    expect(lines[at('  --json')]).toBe(`${'  --json'.padEnd(23)}print the raw result as JSON, for scripts`);
  });
});

describe('results, as the CLI prints them', () => {
  const token = { token: 'scim_x', tokenId: TOKEN, label: 'Entra', tenantId: 'acme' };
  it.each([
    [
      'a new token, with the tenant URL',
      'token',
      token,
      'https://x/scim/v2',
      [
        `Token ${TOKEN} (Entra) for tenant acme.`,
        '',
        'Tenant URL: https://x/scim/v2',
        'Secret Token: scim_x',
        '',
        'The token is shown this once and stored only as a hash: paste it into your identity provider now.',
      ],
    ],
    [
      'a rotated token, without a tenant URL',
      'token',
      { ...token, replaces: 'tok_1' },
      undefined,
      [
        `Token ${TOKEN} (Entra) for tenant acme.`,
        'It replaces tok_1, which keeps working until you revoke it.',
        '',
        'Secret Token: scim_x',
        '',
        'The token is shown this once and stored only as a hash: paste it into your identity provider now.',
      ],
    ],
    [
      'a delete keeping the data',
      'deleted',
      { tenantId: 'acme', tokens: 2, clients: 3, apiKeys: 1, data: 'kept' },
      undefined,
      [
        'Deleted tenant acme: 2 token(s), 3 client(s) and trust(s), and 1 API key(s) removed.',
        'Its users and groups are kept: `tenants delete --purge` deletes them.',
      ],
    ],
    [
      'a purge, locally (no API keys)',
      'deleted',
      { tenantId: 'acme', tokens: 0, data: 'purged' },
      undefined,
      [
        'Deleted tenant acme: 0 token(s), 0 client(s) and trust(s), and 0 API key(s) removed.',
        'Its users and groups: purged.',
      ],
    ],
    [
      'a revoked token',
      'revoked',
      { tokenId: TOKEN },
      undefined,
      [`Revoked ${TOKEN}: refused within the authorizer cache TTL (5 minutes by default).`],
    ],
    [
      'a tenant',
      'fields',
      { tenantId: 'acme', status: 'active' },
      undefined,
      ['tenantId: acme', 'status: active'],
    ],
    [
      'a tenant with a policy: its readable lines',
      'fields',
      {
        tenantId: 'acme',
        policy: { deletion: { mode: 'retain', days: 30 }, purgeDeactivatedAfterDays: 90, paused: true },
        status: 'active',
      },
      undefined,
      [
        'tenantId: acme',
        'deletion: retain 30 days',
        'purge deactivated users: after 90 days',
        'writes: paused',
        'request log bodies: off',
        'status: active',
      ],
    ],
    [
      'a tenant whose request log keeps bodies: until when',
      'fields',
      { tenantId: 'acme', policy: { deletion: { mode: 'hard' }, paused: false, logBodiesUntil: FUTURE } },
      undefined,
      [
        'tenantId: acme',
        'deletion: hard',
        'purge deactivated users: off',
        'writes: open',
        `request log bodies: kept (redacted) until ${FUTURE}`,
      ],
    ],
    [
      'a tenant whose bodies setting has ended by itself',
      'fields',
      { tenantId: 'acme', policy: { deletion: { mode: 'hard' }, paused: false, logBodiesUntil: PAST } },
      undefined,
      [
        'tenantId: acme',
        'deletion: hard',
        'purge deactivated users: off',
        'writes: open',
        `request log bodies: off (ended ${PAST})`,
      ],
    ],
    [
      'a changed policy, and when it is in force',
      'policy',
      { tenantId: 'acme', policy: { deletion: { mode: 'hard' }, paused: true } },
      undefined,
      [
        'tenantId: acme',
        'deletion: hard',
        'purge deactivated users: off',
        'writes: paused',
        'request log bodies: off',
        '',
        "The tenant's requests follow this policy within the authorizer cache TTL (5 minutes by default).",
      ],
    ],
    [
      'a tenant with the default policy',
      'fields',
      { tenantId: 'acme', policy: { deletion: { mode: 'hard' }, paused: false } },
      undefined,
      [
        'tenantId: acme',
        'deletion: hard',
        'purge deactivated users: off',
        'writes: open',
        'request log bodies: off',
      ],
    ],
    [
      'tenants, as a table',
      { columns: ['tenantId', 'tier'] },
      [{ tenantId: 'acme', tier: 'standard' }, { tenantId: 'b' }],
      undefined,
      ['tenantId  tier\nacme      standard\nb'],
    ],
  ] as const)('%s', (_, output, result, tenantUrl, lines) => {
    expect(resultLines(output, result, tenantUrl)).toEqual(lines);
  });

  it('makes a table of no rows its header', () => {
    expect(table([], ['tokenId', 'status'])).toBe('tokenId  status');
  });
});

const CLIENT = 'cli_0123456789abcdef01234567';
const SECRET = 'sec_0123456789abcdef';
const TID = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const OID = '0f4c2b1a-3e5d-4c6b-8a7f-9e0d1c2b3a4f';
const APP = 'b5ba7a93-1c2d-4e5f-8a9b-0c1d2e3f4a5b';
const ENTRA = ['--entra-tenant', TID, '--subject', OID, '--audience', APP];
const trust = (fields: Record<string, unknown> = {}) => ({
  action: 'createTrust',
  tenantId: 'acme',
  entraTenant: TID,
  subject: OID,
  audience: APP,
  ...fields,
});

describe('the client and trust commands, read into admin requests', () => {
  it.each([
    [['clients', 'create', 'acme'], { action: 'createClient', tenantId: 'acme' }],
    [
      ['clients', 'create', 'acme', '--label', 'Entra', '--years', '3', '--token-lifetime', '7200'],
      { action: 'createClient', tenantId: 'acme', label: 'Entra', years: 3, accessTokenLifetime: 7200 },
    ],
    [['clients', 'list', 'acme'], { action: 'listClients', tenantId: 'acme' }],
    [['clients', 'delete', 'acme', CLIENT], { action: 'deleteClient', tenantId: 'acme', clientId: CLIENT }],
    [
      ['clients', 'secrets', 'add', 'acme', CLIENT],
      { action: 'addClientSecret', tenantId: 'acme', clientId: CLIENT },
    ],
    [
      ['clients', 'secrets', 'add', 'acme', CLIENT, '--years', '1'],
      { action: 'addClientSecret', tenantId: 'acme', clientId: CLIENT, years: 1 },
    ],
    [
      ['clients', 'secrets', 'list', 'acme', CLIENT],
      { action: 'listClientSecrets', tenantId: 'acme', clientId: CLIENT },
    ],
    [
      ['clients', 'secrets', 'revoke', 'acme', CLIENT, SECRET],
      { action: 'revokeClientSecret', tenantId: 'acme', clientId: CLIENT, secretId: SECRET },
    ],
    [['trusts', 'create', 'acme', ...ENTRA], trust()],
    // The scope as Entra's step 1 shows it: the admin function records it without /.default.
    [
      ['trusts', 'create', 'acme', ...ENTRA.slice(0, 4), '--audience', `api://${APP}/.default`],
      trust({ audience: `api://${APP}/.default` }),
    ],
    [
      [
        'trusts',
        'create',
        'acme',
        ...ENTRA,
        '--issuer',
        'http://127.0.0.1:4000/t/v2.0',
        '--jwks-uri',
        'http://localhost:4000/keys',
        '--label',
        'WIF',
        '--token-lifetime',
        '21600',
      ],
      trust({
        issuer: 'http://127.0.0.1:4000/t/v2.0',
        jwksUri: 'http://localhost:4000/keys',
        label: 'WIF',
        accessTokenLifetime: 21600,
      }),
    ],
    [['trusts', 'list', 'acme'], { action: 'listTrusts', tenantId: 'acme' }],
    [['trusts', 'delete', 'acme', CLIENT], { action: 'deleteTrust', tenantId: 'acme', clientId: CLIENT }],
  ])('%j → %j', (argv, request) => {
    const line = parseCommandLine(argv, now);
    expect(line.kind).toBe('command');
    expect(line.kind === 'command' && line.request).toEqual(request);
  });

  it.each([
    [['clients', 'create', 'acme'], 'client'],
    [['clients', 'secrets', 'add', 'acme', CLIENT], 'secret'],
    [['clients', 'secrets', 'revoke', 'acme', CLIENT, SECRET], 'secretRevoked'],
    [['clients', 'delete', 'acme', CLIENT], 'clientDeleted'],
    [['trusts', 'create', 'acme', ...ENTRA], 'trust'],
    [['trusts', 'delete', 'acme', CLIENT], 'clientDeleted'],
  ])('prints %j as its %s layout', (argv, output) => {
    expect(parseCommandLine(argv, now)).toMatchObject({ kind: 'command', output });
  });

  it.each([
    [['clients'], "Unknown command 'clients'"],
    [['clients', 'secrets'], "Unknown command 'clients secrets'"],
    [['clients', 'secrets', 'rotate', 'acme'], "Unknown command 'clients secrets rotate'"],
    [['clients', 'rotate', 'acme'], "Unknown command 'clients rotate'"],
    [['clients', 'create'], 'Missing tenant: npx scim-admin clients create <tenant>'],
    [['clients', 'delete', 'acme'], 'Missing clientId: npx scim-admin clients delete <clientId>'],
    [
      ['clients', 'secrets', 'revoke', 'acme', CLIENT],
      'Missing secretId: npx scim-admin clients secrets revoke <secretId>',
    ],
    [['clients', 'delete', 'acme', 'cli_123'], "client ids are cli_ and 24 hex digits, not 'cli_123'"],
    [
      ['clients', 'secrets', 'list', 'acme', 'tok_0123456789abcdef'],
      "client ids are cli_ and 24 hex digits, not 'tok_0123456789abcdef'",
    ],
    [
      ['clients', 'secrets', 'revoke', 'acme', CLIENT, 'tok_0123456789abcdef'],
      "secret ids are sec_ and 16 hex digits, not 'tok_0123456789abcdef'",
    ],
    [
      ['clients', 'create', 'Acme Inc'],
      'tenant ids are 1–63 characters of a-z, 0-9 and -, starting with a letter or digit',
    ],
    [['clients', 'create', 'acme', '--years', '0'], '--years takes 1 to 3 years, not 0'],
    [['clients', 'create', 'acme', '--years', '4'], '--years takes 1 to 3 years, not 4'],
    [['clients', 'create', 'acme', '--years', '1.5'], "--years: '1.5' is not a whole number"],
    [['clients', 'secrets', 'add', 'acme', CLIENT, '--years', 'two'], "--years: 'two' is not a whole number"],
    [
      ['clients', 'create', 'acme', '--token-lifetime', '3599'],
      '--token-lifetime takes 3600 to 21600 seconds, not 3599',
    ],
    [
      ['clients', 'create', 'acme', '--token-lifetime', '21601'],
      '--token-lifetime takes 3600 to 21600 seconds, not 21601',
    ],
    [['clients', 'create', 'acme', '--token-lifetime', '1h'], "--token-lifetime: '1h' is not a whole number"],
    [['trusts', 'create', 'acme'], 'trusts create needs --entra-tenant <tid>'],
    [
      ['trusts', 'create', 'acme', ...ENTRA.slice(0, 2), ...ENTRA.slice(4)],
      'trusts create needs --subject <object id>',
    ],
    [['trusts', 'create', 'acme', ...ENTRA.slice(0, 4)], 'trusts create needs --audience <app id>'],
    [
      ['trusts', 'create', 'acme', ...ENTRA.slice(2), '--entra-tenant', 'contoso.onmicrosoft.com'],
      "--entra-tenant takes the Entra tenant's id, a GUID, not 'contoso.onmicrosoft.com'",
    ],
    [
      ['trusts', 'create', 'acme', ...ENTRA.slice(0, 2), ...ENTRA.slice(4), '--subject', 'sync'],
      "--subject takes the object id of Entra's workload identity (service principal), a GUID, not 'sync'",
    ],
    [
      [
        'trusts',
        'create',
        'acme',
        ...ENTRA.slice(0, 4),
        '--audience',
        'https://graph.microsoft.com/.default',
      ],
      "--audience takes the application id (a GUID) or its api:// URI as Entra's step 1 shows it, not 'https://graph.microsoft.com'",
    ],
    [
      ['trusts', 'create', 'acme', ...ENTRA, '--issuer', 'http://login.microsoftonline.com/t/v2.0'],
      "--issuer takes an https URL (http only on 127.0.0.1, localhost or [::1]), not 'http://login.microsoftonline.com/t/v2.0'",
    ],
    [
      ['trusts', 'create', 'acme', ...ENTRA, '--jwks-uri', 'keys'],
      "--jwks-uri takes an https URL (http only on 127.0.0.1, localhost or [::1]), not 'keys'",
    ],
    [['trusts', 'delete', 'acme', 'cli_x'], "client ids are cli_ and 24 hex digits, not 'cli_x'"],
  ])('refuses %j before sending it: %s', (argv, message) => {
    expect(parseCommandLine(argv, now)).toEqual({ kind: 'refused', message });
  });
});

describe('clients and trusts, as the CLI prints them', () => {
  const SECRET_TEXT = 'scimcs_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH';
  const client = {
    clientId: CLIENT,
    tenantId: 'acme',
    label: 'Entra',
    method: 'client_secret',
    accessTokenLifetime: 3600,
    createdAt: '2026-12-02T10:00:00.000Z',
    clientSecret: SECRET_TEXT,
    secret: { secretId: SECRET, expiresAt: '2028-12-02T10:00:00.000Z', status: 'active' },
  };
  const CLIENT_TAIL = [
    `Client Identifier: ${CLIENT}`,
    `Client Secret: ${SECRET_TEXT}`,
    '',
    'Okta (Authentication Mode: Basic Auth): Username = the Client Identifier, Password = the Client Secret.',
    'The secret is shown this once and stored only as a hash: paste it now.',
  ];
  const clientHead = (endpoints: string[]) => [
    `Client ${CLIENT} (Entra) for tenant acme; its secret ${SECRET} expires 2028-12-02T10:00:00.000Z.`,
    '',
    'Microsoft Entra ID, Provisioning → Admin Credentials → Authentication Method: OAuth2 Client Credentials Grant',
    ...endpoints,
    ...CLIENT_TAIL,
  ];
  const trustRecord = (audience: string) => ({
    clientId: CLIENT,
    tenantId: 'acme',
    label: 'WIF',
    method: 'federation',
    trust: {
      issuer: `https://login.microsoftonline.com/${TID}/v2.0`,
      jwksUri: `https://login.microsoftonline.com/${TID}/discovery/v2.0/keys`,
      entraTenant: TID,
      subject: OID,
      audience,
    },
  });
  const trustLines = (audienceLine: string) => [
    `Trust ${CLIENT} (WIF) for tenant acme: Entra tenant ${TID}, subject ${OID}.`,
    '',
    'Microsoft Entra ID, Provisioning → Admin Credentials → Authentication Method: Workload identity-based authentication',
    'Tenant URL: https://x/prod/scim/v2?aadOptscim062020',
    'Token Endpoint: https://x/prod/oauth2/token',
    `Client identifier: ${CLIENT}`,
    '',
    "Entra's step 1 must show:",
    `  Issuer: https://login.microsoftonline.com/${TID}/v2.0`,
    `  JWKS URL: https://login.microsoftonline.com/${TID}/discovery/v2.0/keys (informational: the endpoint fetches the keys from it)`,
    `  Subject: ${OID}`,
    audienceLine,
  ];

  it.each([
    [
      'a new client, with the stack outputs',
      'client',
      client,
      ['https://x/prod/scim/v2', 'https://id.example.com/oauth2/token'],
      clientHead([
        'Tenant URL: https://x/prod/scim/v2?aadOptscim062020',
        'Token Endpoint: https://id.example.com/oauth2/token',
      ]),
    ],
    [
      'a new client, the Token Endpoint derived from the Tenant URL',
      'client',
      client,
      ['https://x/prod/scim/v2', undefined],
      clientHead([
        'Tenant URL: https://x/prod/scim/v2?aadOptscim062020',
        'Token Endpoint: https://x/prod/oauth2/token',
      ]),
    ],
    [
      'a new client, with no stack outputs (--function)',
      'client',
      client,
      [undefined, undefined],
      clientHead(["Tenant URL, Token Endpoint: the stack's TenantUrl and TokenEndpoint outputs"]),
    ],
    [
      'a new secret',
      'secret',
      {
        secretId: SECRET,
        clientId: CLIENT,
        tenantId: 'acme',
        expiresAt: '2029-01-01T00:00:00.000Z',
        clientSecret: SECRET_TEXT,
      },
      [undefined, undefined],
      [
        `Secret ${SECRET} for client ${CLIENT} of tenant acme; it expires 2029-01-01T00:00:00.000Z.`,
        '',
        `Client Identifier: ${CLIENT}`,
        `Client Secret: ${SECRET_TEXT}`,
        '',
        "The client's other secrets keep working until you revoke them: paste this one into Entra (Client Secret)",
        'or Okta (Password), see its lastUsedAt in `clients secrets list`, then revoke the old one.',
        'The secret is shown this once and stored only as a hash: paste it now.',
      ],
    ],
    [
      'a trust of an app id',
      'trust',
      trustRecord(APP),
      ['https://x/prod/scim/v2', undefined],
      trustLines(`  Audience: api://${APP}/.default (the assertion's aud may be ${APP} or api://${APP})`),
    ],
    [
      'a trust of an api:// URI',
      'trust',
      trustRecord(`api://${APP}`),
      ['https://x/prod/scim/v2', undefined],
      trustLines(`  Audience: api://${APP}/.default (the assertion's aud may be ${APP} or api://${APP})`),
    ],
    [
      'a deleted client',
      'clientDeleted',
      client,
      [undefined, undefined],
      [
        `Deleted client ${CLIENT} (Entra) of tenant acme, its secrets and the access tokens it got:`,
        'the token endpoint refuses it at once, its access tokens within the authorizer cache TTL (5 minutes by default).',
      ],
    ],
    [
      'a deleted trust',
      'clientDeleted',
      trustRecord(APP),
      [undefined, undefined],
      [
        `Deleted trust ${CLIENT} (WIF) of tenant acme and the access tokens it got:`,
        'the token endpoint refuses it at once, its access tokens within the authorizer cache TTL (5 minutes by default).',
      ],
    ],
    [
      'a revoked secret',
      'secretRevoked',
      { secretId: SECRET, clientId: CLIENT },
      [undefined, undefined],
      [
        `Revoked ${SECRET} of client ${CLIENT}: the token endpoint refuses it at once; its access`,
        'tokens and Basic Auth with it are refused within the authorizer cache TTL (5 minutes by default).',
      ],
    ],
  ] as const)('%s', (_, output, result, [tenantUrl, tokenEndpoint], lines) => {
    expect(resultLines(output, result, tenantUrl, tokenEndpoint)).toEqual(lines);
  });

  it("shows a client's secret once, and no secret in listings", () => {
    const printed = resultLines('client', client, 'https://x/prod/scim/v2').join('\n');
    expect(printed.split(SECRET_TEXT)).toHaveLength(2);
    for (const field of ['Tenant URL', 'Token Endpoint', 'Client Identifier', 'Client Secret'])
      expect(printed).toContain(`\n${field}: `);
    const listed = resultLines(
      { columns: ['secretId', 'status', 'hint'] },
      [{ secretId: SECRET, status: 'active', hint: 'scimcs_abcd…WXYZ' }],
      undefined,
    );
    expect(listed).toEqual([`secretId              status  hint\n${SECRET}  active  scimcs_abcd…WXYZ`]);
  });
});
