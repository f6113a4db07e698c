/** Lambda entry point for `/Groups`, `/Groups/{id}` and `/Groups/.search`. */
import { scimHandler } from './http/scim-handler';

// Groups arrive with issue #3; until then every Groups route answers 404 like an unknown resource.
export const handler = scimHandler({});
