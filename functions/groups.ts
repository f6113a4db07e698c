/** Lambda entry point for `/Groups`, `/Groups/{id}` and `/Groups/.search`. */
import { dataFunctionEnvironment, readEnvironment } from './config';
import { groupEndpoints } from './endpoints/group-endpoints';
import { scimHandler } from './http/scim-handler';
import { createDocumentClient } from './storage/dynamo-client';
import { MembershipStore } from './storage/membership-store';
import { ResourceStore } from './storage/resource-store';

const environment = readEnvironment(dataFunctionEnvironment);
const db = createDocumentClient({ region: environment.AWS_REGION, endpoint: environment.DYNAMODB_ENDPOINT });

export const handler = scimHandler(
  groupEndpoints({
    groups: new ResourceStore(db, environment.TABLE_NAME, 'Group'),
    memberships: new MembershipStore(db, environment.TABLE_NAME),
  }),
);
