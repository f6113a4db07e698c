/** How the admin CLI shows a command's result to a person (`--json` prints the result as is). */
import type { CommandOutput } from '../../functions/admin/admin-command-table';
import { describeTenantPolicy, type TenantPolicy } from '../../functions/scim/tenant-policy';
import {
  clientDeletedLines,
  clientLines,
  secretLines,
  secretRevokedLines,
  trustLines,
} from './credential-lines';

type Fields = Readonly<Record<string, unknown>>;

/** Rows as a table of `columns`, each as wide as its widest cell. */
export function table(rows: readonly Fields[], columns: readonly string[]): string {
  const cells = rows.map((row) => columns.map((c) => String(row[c] ?? '')));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((r) => (r[i] as string).length)));
  const line = (values: readonly string[]) =>
    values
      .map((v, i) => v.padEnd(widths[i] as number))
      .join('  ')
      .trimEnd();
  return [line(columns), ...cells.map(line)].join('\n');
}

function tokenLines(record: Fields, tenantUrl: string | undefined): string[] {
  return [
    `Token ${record.tokenId} (${record.label}) for tenant ${record.tenantId}.`,
    ...(record.replaces === undefined
      ? []
      : [`It replaces ${record.replaces}, which keeps working until you revoke it.`]),
    '',
    ...(tenantUrl === undefined ? [] : [`Tenant URL: ${tenantUrl}`]),
    `Secret Token: ${record.token}`,
    '',
    'The token is shown this once and stored only as a hash: paste it into your identity provider now.',
  ];
}

function deletedLines(record: Fields): string[] {
  return [
    `Deleted tenant ${record.tenantId}: ${record.tokens} token(s), ${record.clients ?? 0} client(s) and trust(s), and ${record.apiKeys ?? 0} API key(s) removed.`,
    record.data === 'kept'
      ? 'Its users and groups are kept: `tenants delete --purge` deletes them.'
      : `Its users and groups: ${record.data}.`,
  ];
}

/** A record's fields, one per line; a tenant's policy as its readable lines (`deletion: retain 30 days`). */
function fieldLines(record: Fields): string[] {
  return Object.entries(record).flatMap(([key, value]) =>
    key === 'policy' && typeof value === 'object' && value !== null
      ? describeTenantPolicy(value as TenantPolicy)
      : [`${key}: ${typeof value === 'object' && value !== null ? JSON.stringify(value) : value}`],
  );
}

/**
 * The lines the CLI prints for a result, laid out as the command's table entry says; `tokenEndpoint` is
 * derived from `tenantUrl` when not known.
 */
export function resultLines(
  output: CommandOutput,
  result: unknown,
  tenantUrl: string | undefined,
  tokenEndpoint?: string,
): string[] {
  const record = result as Fields;
  const endpoints = { tenantUrl, tokenEndpoint };
  if (typeof output === 'object') return [table(result as Fields[], output.columns)];
  switch (output) {
    case 'token':
      return tokenLines(record, tenantUrl);
    case 'deleted':
      return deletedLines(record);
    case 'revoked':
      return [`Revoked ${record.tokenId}: refused within the authorizer cache TTL (5 minutes by default).`];
    case 'policy':
      return [
        ...fieldLines(record),
        '',
        "The tenant's requests follow this policy within the authorizer cache TTL (5 minutes by default).",
      ];
    case 'client':
      return clientLines(record, endpoints);
    case 'secret':
      return secretLines(record);
    case 'trust':
      return trustLines(record, endpoints);
    case 'clientDeleted':
      return clientDeletedLines(record);
    case 'secretRevoked':
      return secretRevokedLines(record);
    case 'fields':
      return fieldLines(record);
  }
}
