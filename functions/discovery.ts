/** Lambda entry point for the discovery endpoints, `/Me` and `/Bulk`. It touches no table. */
import { ENV, readEnvironment } from './config';
import { discoveryEndpoints } from './endpoints/discovery-endpoints';
import { scimHandler } from './http/scim-handler';
import { discoveryFunctionEnvironment } from './resource-environment';

const { User, Group } = readEnvironment(discoveryFunctionEnvironment)[ENV.SCHEMA_EXTENSIONS];

export const handler = scimHandler(discoveryEndpoints([User, Group]));
