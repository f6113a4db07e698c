/** Lambda entry point for `/Groups`, `/Groups/{id}` and `/Groups/.search`. */
import { dataFunctionEnvironment, readEnvironment } from './config';
import { createGroupsHandler } from './endpoints/group-endpoints';
import { createDocumentClient } from './storage/dynamo-client';

const environment = readEnvironment(dataFunctionEnvironment);
const db = createDocumentClient({ region: environment.AWS_REGION, endpoint: environment.DYNAMODB_ENDPOINT });

export const handler = createGroupsHandler(db, environment.TABLE_NAME);
