import * as iam from 'aws-cdk-lib/aws-iam';
import type { EnvironmentName } from '../functions/config';
import { keys } from '../functions/storage/table-design';
import type { ScimFunction } from './scim-function';
import type { ScimTable } from './scim-table';

/**
 * What a function may do with a table, least privilege, by what its code sends
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/api-permissions-reference.html).
 * `indexes`: whether it may query the table's indexes too (`table/<name>/index/*`).
 */
export const TABLE_ACCESS = {
  /** The Users and Groups functions: SCIM resources, their uniqueness items and member links. */
  readWrite: {
    actions: [
      'dynamodb:GetItem',
      'dynamodb:BatchGetItem',
      'dynamodb:Query',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
      'dynamodb:BatchWriteItem',
      'dynamodb:ConditionCheckItem',
    ],
    indexes: true,
  },
  /** The authorizer: reads a token (or a client secret and its client) and records its last use. */
  authorize: { actions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'], indexes: false },
  /**
   * The OAuth 2.0 token endpoint (functions/token.ts): consistent GetItems of the client, its secret and the
   * tenant (ClientStore.checkSecret, getClient, TokenStore.activeTenant); issueToken's TransactWriteItems of a
   * ConditionCheck on the tenant and a conditional Put of the access token, which DynamoDB authorizes item by
   * item as ConditionCheckItem and PutItem (as for `manage`, whose token issue is the same transaction); the
   * secret's lastUsedAt (UpdateItem). No Query, Scan or DeleteItem, no index, not the data table.
   */
  token: {
    actions: ['dynamodb:GetItem', 'dynamodb:ConditionCheckItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
    indexes: false,
  },
  /** The admin function on the tokens table: tenants and tokens. */
  manage: {
    actions: [
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
      'dynamodb:Query',
      'dynamodb:ConditionCheckItem',
    ],
    indexes: true,
  },
  /**
   * The admin function on the data table, for `tenants delete --purge`: a filtered Scan finds the tenant's
   * items and BatchWriteItem deletes them (functions/storage/tenant-data-purge.ts); for `tenants reindex`, a
   * Query of the tenant's users and BatchWriteItem puts of their email items (email-reindex.ts). Not the index.
   */
  purge: { actions: ['dynamodb:Scan', 'dynamodb:Query', 'dynamodb:BatchWriteItem'], indexes: false },
  /**
   * The event function on the data table: one BatchGetItem of the resources its stream records concern, to
   * tell a DELETE in progress (functions/storage/deleting-resources.ts). It reads the stream through its
   * event source mapping's own grant.
   */
  events: { actions: ['dynamodb:BatchGetItem'], indexes: false },
  /**
   * The authorizer and the token function on the data table: one PutItem per line they add to a tenant's
   * request log (a refused credential of a known tenant, a token request), and on those items only:
   * `dynamodb:LeadingKeys` is the partition key of the item a PutItem writes, so `ForAllValues:StringLike`
   * on `TENANT#*#LOG` lets them write no SCIM resource
   * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/specifying-conditions.html).
   */
  requestLog: { actions: ['dynamodb:PutItem'], indexes: false, leadingKeys: [keys.requestLogOf('*')] },
} as const satisfies Record<
  string,
  { actions: readonly string[]; indexes: boolean; leadingKeys?: readonly string[] }
>;

export type TableAccess = keyof typeof TABLE_ACCESS;

export interface TableUse {
  /** The environment variable the function reads the table's name from (functions/config.ts). */
  readonly variable: EnvironmentName;
  readonly access: TableAccess;
}

/**
 * Gives a function a table: its name in the function's environment and the access it needs, together, so
 * that a function never has the name without the grant nor a grant it has no name to use with.
 */
export function useTable(fn: ScimFunction, table: ScimTable, { variable, access }: TableUse): void {
  const granted: { actions: readonly string[]; indexes: boolean; leadingKeys?: readonly string[] } =
    TABLE_ACCESS[access];
  const { actions, indexes, leadingKeys } = granted;
  fn.function.addEnvironment(variable, table.tableName);
  fn.role.addToPolicy(
    new iam.PolicyStatement({
      actions: [...actions],
      resources: indexes ? [table.tableArn, `${table.tableArn}/index/*`] : [table.tableArn],
      ...(leadingKeys === undefined
        ? {}
        : { conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...leadingKeys] } } }),
    }),
  );
}
