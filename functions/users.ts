/** Lambda entry point for `/Users`, `/Users/{id}` and `/Users/.search`. */
import { ENV, readEnvironment, resourceFunctionEnvironment } from './config';
import { createUsersHandler } from './endpoints/user-endpoints';
import { createDocumentClient } from './storage/dynamo-client';

const environment = readEnvironment(resourceFunctionEnvironment);
const db = createDocumentClient({
  region: environment[ENV.AWS_REGION],
  endpoint: environment[ENV.DYNAMODB_ENDPOINT],
});

export const handler = createUsersHandler(db, environment[ENV.TABLE_NAME], {
  resourceTypes: environment[ENV.SCHEMA_EXTENSIONS],
});
