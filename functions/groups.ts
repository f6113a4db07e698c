/** Lambda entry point for `/Groups`, `/Groups/{id}` and `/Groups/.search`. */
import { ENV, readEnvironment, resourceFunctionEnvironment } from './config';
import { createGroupsHandler } from './endpoints/group-endpoints';
import { createDocumentClient } from './storage/dynamo-client';

const environment = readEnvironment(resourceFunctionEnvironment);
const db = createDocumentClient({
  region: environment[ENV.AWS_REGION],
  endpoint: environment[ENV.DYNAMODB_ENDPOINT],
});

export const handler = createGroupsHandler(db, environment[ENV.TABLE_NAME], {
  resourceTypes: environment[ENV.SCHEMA_EXTENSIONS],
});
