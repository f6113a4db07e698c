import { Duration } from 'aws-cdk-lib';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { ENV } from '../functions/config';
import { grantAdminPermissions } from './admin-permissions';
import { ScimFunction } from './scim-function';
import type { ScimTable } from './scim-table';
import type { ScimThrottling } from './scim-throttling';
import { useTable } from './use-table';

export interface ScimAdminFunctionProps {
  readonly tokensTable: ScimTable;
  readonly dataTable: ScimTable;
  readonly throttling: ScimThrottling;
  /** The authorizer's cache TTL: how long a deleted tenant's token may still be let in. */
  readonly authorizerCacheTtl: Duration;
  readonly logRetention: logs.RetentionDays;
}

/**
 * The admin function, in the ScimApi's scope (so that the logical ids stay: see ScimApi): tenants, tokens, their
 * API keys in the usage plans, a tenant's policy (mirrored in the data table) and a deleted tenant's purge.
 * Invoked by the scim-admin CLI, no route.
 */
export function scimAdminFunction(scope: Construct, props: ScimAdminFunctionProps): ScimFunction {
  const admin = new ScimFunction(scope, 'Admin', {
    entry: 'admin',
    description: 'SCIM tenants and tokens (invoked by the scim-admin CLI)',
    environment: {
      ...props.throttling.adminEnvironment,
      // A purge starts once a deleted tenant's cached authorizations have lapsed and their requests ended.
      [ENV.PURGE_SETTLE_SECONDS]: String(props.authorizerCacheTtl.toSeconds() + 30),
    },
    timeout: Duration.seconds(60),
    logRetention: props.logRetention,
  });
  // Before grantAdminPermissions, which grants the same two table statements again (CDK drops the
  // repeats): the policy stays as it was.
  useTable(admin, props.tokensTable, { variable: ENV.TOKENS_TABLE_NAME, access: 'manage' });
  // DATA_TABLE_NAME also names where `tenants set` puts the POLICY item (grantAdminPermissions grants that put).
  useTable(admin, props.dataTable, { variable: ENV.DATA_TABLE_NAME, access: 'purge' });
  grantAdminPermissions(admin, {
    tokensTable: props.tokensTable,
    dataTable: props.dataTable,
    usagePlans: props.throttling.usagePlans,
  });
  return admin;
}
