/** Lambda entry point for `/Users`, `/Users/{id}` and `/Users/.search`. */
import { dataFunctionEnvironment, readEnvironment } from './config';
import { createUsersHandler } from './endpoints/user-endpoints';
import { createDocumentClient } from './storage/dynamo-client';

const environment = readEnvironment(dataFunctionEnvironment);
const db = createDocumentClient({ region: environment.AWS_REGION, endpoint: environment.DYNAMODB_ENDPOINT });

export const handler = createUsersHandler(db, environment.TABLE_NAME);
