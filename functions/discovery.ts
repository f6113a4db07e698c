/** Lambda entry point for the discovery endpoints, `/Me` and `/Bulk`. It touches no table. */
import { discoveryEndpoints } from './endpoints/discovery-endpoints';
import { scimHandler } from './http/scim-handler';
import { GROUP_RESOURCE_TYPE, USER_RESOURCE_TYPE } from './scim/schema/resource-type';

export const handler = scimHandler(discoveryEndpoints([USER_RESOURCE_TYPE, GROUP_RESOURCE_TYPE]));
