/** Lambda entry point for `/Users`, `/Users/{id}` and `/Users/.search`. */
import { dataFunctionEnvironment, readEnvironment } from './config';
import { resourceEndpoints } from './endpoints/resource-endpoints';
import { scimHandler } from './http/scim-handler';
import { USER_RESOURCE_TYPE } from './scim/schema/resource-type';
import { createDocumentClient } from './storage/dynamo-client';
import { ResourceStore } from './storage/resource-store';

const environment = readEnvironment(dataFunctionEnvironment);
const db = createDocumentClient({ region: environment.AWS_REGION, endpoint: environment.DYNAMODB_ENDPOINT });

export const handler = scimHandler(
  resourceEndpoints({
    resourceType: USER_RESOURCE_TYPE,
    store: new ResourceStore(db, environment.TABLE_NAME, 'User'),
  }),
);
