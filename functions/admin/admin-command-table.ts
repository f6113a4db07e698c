import type { AdminOptions, RemainingTime } from './admin-context';
import type { AdminAction, AdminResponse, RequestOf } from './admin-request';
import { CREDENTIAL_COMMANDS } from './credential-command-table';
import { type PolicyChange, policyChangeProblem } from './policy-change';
import { listRequestLog } from './request-log-command';
import { createTenantInTier, getTenant, listTenants, moveTenant, setTenantStatus } from './tenant-commands';
import { deleteTenant } from './tenant-delete';
import { setTenantPolicy } from './tenant-policy-command';
import { continuePurge } from './tenant-purge';
import { reindexTenant } from './tenant-reindex';
import { createToken, listTokens, revokeToken, rotateToken } from './token-commands';

/** The CLI's positional arguments, and the request field each one fills. */
export const COMMAND_ARGUMENTS = {
  tenant: 'tenantId',
  tokenId: 'tokenId',
  clientId: 'clientId',
  secretId: 'secretId',
} as const;

/**
 * The CLI's command options: the request field each fills, the placeholder its help shows, and how its
 * text is read: `text` is sent unless empty, `expiry` is checked strictly first (token-expiry.ts), `flag`
 * is always sent, false when absent, `days` is sent as a number (or `off`), `integer` as a number, `until`
 * (a duration) as the instant it ends from now (log-bodies-until.ts), or `off`.
 */
export const COMMAND_OPTIONS: { readonly [name in CommandOptionName]: CommandOption } = {
  tier: { field: 'tier', placeholder: '<tier>', read: 'text' },
  label: { field: 'label', placeholder: '<text>', read: 'text' },
  expires: { field: 'expiresAt', placeholder: '<when>', read: 'expiry' },
  purge: { field: 'purge', read: 'flag' },
  deletion: { field: 'deletion', placeholder: 'hard|retain', read: 'text' },
  'retain-days': { field: 'retainDays', placeholder: 'N', read: 'days' },
  'purge-deactivated-after': { field: 'purgeDeactivatedAfterDays', placeholder: 'N|off', read: 'days' },
  pause: { field: 'pause', read: 'flag' },
  resume: { field: 'resume', read: 'flag' },
  'log-bodies': { field: 'logBodiesUntil', placeholder: '<duration>|off', read: 'until' },
  years: { field: 'years', placeholder: '1|2|3', read: 'integer' },
  'token-lifetime': { field: 'accessTokenLifetime', placeholder: '<seconds>', read: 'integer' },
  'entra-tenant': { field: 'entraTenant', placeholder: '<tid>', read: 'text' },
  subject: { field: 'subject', placeholder: '<object id>', read: 'text' },
  audience: { field: 'audience', placeholder: '<app id>', read: 'text' },
  issuer: { field: 'issuer', placeholder: '<url>', read: 'text' },
  'jwks-uri': { field: 'jwksUri', placeholder: '<url>', read: 'text' },
  from: { field: 'from', placeholder: '<user id>', read: 'text' },
};

export type CommandArgument = keyof typeof COMMAND_ARGUMENTS;
export type CommandOptionName =
  | 'tier'
  | 'label'
  | 'expires'
  | 'purge'
  | 'deletion'
  | 'retain-days'
  | 'purge-deactivated-after'
  | 'pause'
  | 'resume'
  | 'log-bodies'
  | 'years'
  | 'token-lifetime'
  | 'entra-tenant'
  | 'subject'
  | 'audience'
  | 'issuer'
  | 'jwks-uri'
  | 'from';
export interface CommandOption {
  readonly field: string;
  /** What the help shows for its value; a flag has none. */
  readonly placeholder?: string;
  readonly read: 'text' | 'expiry' | 'flag' | 'days' | 'integer' | 'until';
}

/** How the CLI prints a command's result: a named layout, or a table of these columns. */
export type CommandOutput =
  | 'fields'
  | 'token'
  | 'deleted'
  | 'revoked'
  | 'policy'
  | 'client'
  | 'secret'
  | 'trust'
  | 'clientDeleted'
  | 'secretRevoked'
  | { readonly columns: readonly string[] };

/** A command as the CLI offers it: `npx scim-admin <words> <arguments> [options]`. */
export interface CliForm {
  /**
   * The command's words, `<noun> <verb>` or `<noun> <sub> <verb>` (`clients secrets add`): the noun names
   * its group in the help.
   */
  readonly words: string;
  readonly arguments?: readonly CommandArgument[];
  /** In the order the help shows them; a required option is checked before the arguments. */
  readonly options?: readonly { readonly name: CommandOptionName; readonly required?: true }[];
  /** The help's description, one entry per line (the help aligns them in one column). */
  readonly help?: readonly string[];
  /** Without it, the result's fields, one per line. */
  readonly output?: CommandOutput;
  /** Why the request is refused at `now` before it is sent (the admin function checks it again), if it is. */
  readonly refuse?: (request: Readonly<Record<string, unknown>>, now: Date) => string | undefined;
}

export interface AdminCommand<A extends AdminAction> {
  readonly run: (
    options: AdminOptions,
    request: RequestOf<A>,
    remaining?: RemainingTime,
  ) => Promise<AdminResponse>;
  /** Absent for a command the CLI does not send. */
  readonly cli?: CliForm;
}

const tenant: readonly CommandArgument[] = ['tenant'];
const token: readonly CommandArgument[] = ['tenant', 'tokenId'];

/**
 * Every admin command: what runs it in the admin function (admin-commands.ts dispatches on `action`), and
 * how the CLI names, explains, parses and prints it (bin/admin/). In the order of the CLI's help.
 */
export const ADMIN_COMMANDS: { readonly [A in AdminAction]: AdminCommand<A> } = {
  createTenant: {
    run: createTenantInTier,
    cli: {
      words: 'tenants create',
      arguments: tenant,
      options: [{ name: 'tier' }],
      help: ["create a tenant (and its API key in the tier's usage plan)"],
    },
  },
  listTenants: {
    run: listTenants,
    cli: {
      words: 'tenants list',
      help: ['list tenants'],
      output: { columns: ['tenantId', 'status', 'tier', 'createdAt'] },
    },
  },
  getTenant: {
    run: getTenant,
    cli: { words: 'tenants show', arguments: tenant, help: ['show one tenant, with its policy'] },
  },
  setTenantPolicy: {
    run: setTenantPolicy,
    cli: {
      words: 'tenants set',
      arguments: tenant,
      options: [
        { name: 'deletion' },
        { name: 'retain-days' },
        { name: 'purge-deactivated-after' },
        { name: 'pause' },
        { name: 'resume' },
        { name: 'log-bodies' },
      ],
      help: [
        "change the tenant's policy; what is not given stays as it is.",
        '--deletion retain keeps deleted users and groups, for the',
        'reader, --retain-days days (1-365; default 30), then purges',
        'them; hard (the default) deletes at once.',
        '--purge-deactivated-after N purges users deactivated (active',
        'false, unchanged) for N days (1-3650; off: never).',
        "--pause answers the tenant's writes with 503 and Retry-After",
        '(reads go on) until --resume.',
        '--log-bodies 24h (30m, 3d; at most 7d) keeps the redacted body',
        'of each logged request for that long; a line that keeps one',
        'expires after 24 hours; off stops it. Each change is in force',
        'within the authorizer cache TTL (5 minutes by default)',
      ],
      refuse: (request, now) => policyChangeProblem(request as PolicyChange, now),
      output: 'policy',
    },
  },
  moveTenant: {
    run: moveTenant,
    cli: {
      words: 'tenants move',
      arguments: tenant,
      options: [{ name: 'tier', required: true }],
      help: [
        'move a tenant to another throttling tier (its API key leaves',
        'the old usage plan, then joins the new one: for a moment,',
        'its requests get 403; if joining fails, it goes back)',
      ],
    },
  },
  disableTenant: {
    run: setTenantStatus,
    cli: {
      words: 'tenants disable',
      arguments: tenant,
      help: ["refuse the tenant's tokens (401) until enabled again"],
    },
  },
  enableTenant: { run: setTenantStatus, cli: { words: 'tenants enable', arguments: tenant } },
  reindexTenant: {
    run: reindexTenant,
    cli: {
      words: 'tenants reindex',
      arguments: tenant,
      options: [{ name: 'from' }],
      help: [
        'write the email lookup items of users stored before email',
        'matching existed (once, after upgrading), so that Entra finds',
        'them when email is its matching attribute; when it prints',
        'next, run it again with --from <next>',
      ],
    },
  },
  deleteTenant: {
    run: (options, request) => deleteTenant(options, request.tenantId, request.purge ?? false),
    cli: {
      words: 'tenants delete',
      arguments: tenant,
      options: [{ name: 'purge' }],
      help: [
        'delete a tenant: its tokens, clients and trusts, its API key',
        'and usage-plan key. Without --purge its users and groups stay',
        'in the table (a tenant created again with this id sees them);',
        'with --purge they are deleted too, in the background once the',
        'authorizer cache TTL has passed (`tenants show` says deleting',
        'until done; run the command again to resume a purge that stopped)',
      ],
      output: 'deleted',
    },
  },
  createToken: {
    run: createToken,
    cli: {
      words: 'tokens create',
      arguments: tenant,
      options: [{ name: 'label' }, { name: 'expires' }],
      help: ['issue a Secret Token; shown once, stored only as a hash'],
      output: 'token',
    },
  },
  listTokens: {
    run: listTokens,
    cli: {
      words: 'tokens list',
      arguments: tenant,
      help: ['tokens by id, label, hint, created and last used'],
      output: { columns: ['tokenId', 'status', 'label', 'hint', 'createdAt', 'lastUsedAt', 'expiresAt'] },
    },
  },
  rotateToken: {
    run: rotateToken,
    cli: {
      words: 'tokens rotate',
      arguments: token,
      options: [{ name: 'expires' }],
      help: [
        "issue a replacement, with the old token's expiry unless",
        '--expires is given; the old token works until revoked',
      ],
      output: 'token',
    },
  },
  revokeToken: {
    run: revokeToken,
    cli: {
      words: 'tokens revoke',
      arguments: token,
      help: ['stop a token (within the authorizer cache TTL)'],
      output: 'revoked',
    },
  },
  ...CREDENTIAL_COMMANDS,
  /** Sent by the admin function to itself: the next bounded step of a purge in the background. */
  continuePurge: { run: continuePurge },
  /** Sent by `logs` (bin/admin/logs-list.ts), which has a command line of its own. */
  listRequestLog: { run: listRequestLog },
};
