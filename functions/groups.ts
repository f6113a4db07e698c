/** Lambda entry point for `/Groups`, `/Groups/{id}` and `/Groups/.search`. */
import { ENV, readEnvironment } from './config';
import { createGroupsHandler } from './endpoints/group-endpoints';
import { resourceFunctionEnvironment } from './resource-environment';
import { createDocumentClient } from './storage/dynamo-client';
import { RequestLogStore } from './storage/request-log-store';

const environment = readEnvironment(resourceFunctionEnvironment);
const db = createDocumentClient({
  region: environment[ENV.AWS_REGION],
  endpoint: environment[ENV.DYNAMODB_ENDPOINT],
});

export const handler = createGroupsHandler(db, environment[ENV.TABLE_NAME], {
  resourceTypes: environment[ENV.SCHEMA_EXTENSIONS],
  // A line per write and per failure in the tenant's request log (`scim-admin logs`).
  requestLog: new RequestLogStore(db, environment[ENV.TABLE_NAME], {
    retentionDays: environment[ENV.REQUEST_LOG_DAYS],
  }),
});
