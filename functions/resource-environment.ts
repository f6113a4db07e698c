import * as v from 'valibot';
import { dataFunctionEnvironment, ENV, requestLogDays } from './config';
import { declaredResourceTypes } from './scim/schema/declared-resource-types';
import { parseExtensionDeclarations } from './scim/schema/extension-declaration';

/*
 * The environments that carry the declared schema extensions, apart from config.ts: building the declared
 * schemas needs the SCIM schema modules, which esbuild keeps wherever they are imported (they build schemas
 * at load), so only the Users, Groups and discovery bundles, which import this module, carry them.
 */

/** The declared extensions, as the resource types that carry them; an invalid declaration fails the cold start. */
const resourceTypes = v.pipe(
  v.optional(v.string(), '[]'),
  v.parseJson(),
  v.transform((json) => declaredResourceTypes(parseExtensionDeclarations(json))),
);

/** The Users and Groups functions': the data table's, the declared extensions, the log's retention. */
export const resourceFunctionEnvironment = v.object({
  ...dataFunctionEnvironment.entries,
  [ENV.SCHEMA_EXTENSIONS]: resourceTypes,
  [ENV.REQUEST_LOG_DAYS]: requestLogDays,
});

/** The discovery function's: the declared extensions only (it touches no table). */
export const discoveryFunctionEnvironment = v.object({ [ENV.SCHEMA_EXTENSIONS]: resourceTypes });
