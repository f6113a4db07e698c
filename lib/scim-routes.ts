import * as apigw from 'aws-cdk-lib/aws-apigateway';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { ENV } from '../functions/config';
import { type FunctionName, gatewayPaths, SCIM_BASE_PATH } from '../functions/http/route-table';
import {
  parseExtensionDeclarations,
  type SchemaExtensionDeclaration,
} from '../functions/scim/schema/extension-declaration';
import { ScimFunction } from './scim-function';
import type { ScimTable } from './scim-table';
import { useTable } from './use-table';

/** The functions behind the routes (functions/http/route-table.ts), by the name the route table uses. */
const ROUTE_FUNCTIONS: Readonly<
  Record<FunctionName, { readonly id: string; readonly description: string; readonly dataTable: boolean }>
> = {
  users: { id: 'Users', description: 'SCIM /Users', dataTable: true },
  groups: { id: 'Groups', description: 'SCIM /Groups', dataTable: true },
  // Discovery touches no table.
  discovery: { id: 'Discovery', description: 'SCIM discovery, /Me and /Bulk', dataTable: false },
};

export interface ScimRoutesProps {
  readonly dataTable: ScimTable;
  /** Memory of the functions that read and write the data table, in MB. */
  readonly memorySize: number;
  readonly logRetention: logs.RetentionDays;
  /** Validated here, at synth: an invalid declaration fails the synth, not the functions' cold starts. */
  readonly schemaExtensions?: readonly SchemaExtensionDeclaration[];
  /** Days a request-log line is kept (REQUEST_LOG_DAYS of the Users and Groups functions). */
  readonly requestLogDays: number;
}

/**
 * The SCIM routes, a part of ScimApi (in its scope, so that the logical ids stay: see ScimApi): the Users, Groups
 * and discovery functions, and one method per path of the route table, each behind the authorizer with an
 * API key required.
 */
export class ScimRoutes {
  readonly functions: Readonly<Record<FunctionName, ScimFunction>>;

  constructor(scope: Construct, props: ScimRoutesProps) {
    const functions = {} as Record<FunctionName, ScimFunction>;
    const declarations = parseExtensionDeclarations(props.schemaExtensions ?? []);
    const declared = declarations.length === 0 ? undefined : JSON.stringify(declarations);
    for (const [name, { id, description, dataTable }] of Object.entries(ROUTE_FUNCTIONS)) {
      const fn = new ScimFunction(scope, id, {
        entry: name,
        description,
        logRetention: props.logRetention,
        ...(dataTable ? { memorySize: props.memorySize } : {}),
      });
      if (dataTable) {
        useTable(fn, props.dataTable, { variable: ENV.TABLE_NAME, access: 'readWrite' });
        fn.function.addEnvironment(ENV.REQUEST_LOG_DAYS, String(props.requestLogDays));
      }
      // Every function of the routes serves the resource types: Users, Groups, and discovery's /Schemas.
      if (declared !== undefined) fn.function.addEnvironment(ENV.SCHEMA_EXTENSIONS, declared);
      functions[name as FunctionName] = fn;
    }
    this.functions = functions;
  }

  /** Routes every path of the route table to its function, behind the authorizer. */
  addTo(api: apigw.RestApi, authorizer: apigw.IAuthorizer): void {
    const integrations = Object.fromEntries(
      Object.entries(this.functions).map(([name, fn]) => [
        name,
        new apigw.LambdaIntegration(fn.function, { allowTestInvoke: false }),
      ]),
    ) as Record<FunctionName, apigw.LambdaIntegration>;
    for (const route of gatewayPaths()) {
      // ANY: the function answers every method, 405 with Allow for those the route does not support.
      api.root
        .resourceForPath(`${SCIM_BASE_PATH}${route.path}`)
        .addMethod('ANY', integrations[route.function], {
          authorizer,
          authorizationType: apigw.AuthorizationType.CUSTOM,
          apiKeyRequired: true,
        });
    }
  }
}
