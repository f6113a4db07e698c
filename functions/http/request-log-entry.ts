import type { Dialect } from '../scim/request-log-port';
import { withoutValueFilters } from '../scim/without-value-filters';

export type { Dialect, RequestLogEntry } from '../scim/request-log-port';

const OLD_PATCH_OPS = new Set(['Add', 'Replace', 'Remove']);
export const MAX_ATTRIBUTE_NAMES = 50;
const MAX_NAME_LENGTH = 200;

/** The PatchOp operations of a body, if it is one. */
function operationsOf(body: unknown): Record<string, unknown>[] {
  const operations = (body as { Operations?: unknown } | null)?.Operations;
  return Array.isArray(operations)
    ? operations.filter((o): o is Record<string, unknown> => typeof o === 'object' && o !== null)
    : [];
}

/** The dialect of a request: its headers (lower-cased names), query and parsed body. */
export function dialectOf(
  headers: Readonly<Record<string, string>>,
  query: Readonly<Record<string, string>>,
  body: unknown,
): Dialect {
  if ((headers['user-agent'] ?? '').startsWith('Okta SCIM Client')) return 'okta';
  const flagged = Object.keys(query).some((name) => name.toLowerCase() === 'aadoptscim062020');
  const oldPatch = operationsOf(body).some((o) => typeof o.op === 'string' && OLD_PATCH_OPS.has(o.op));
  if (flagged) return oldPatch ? 'entra-on-demand' : 'entra-aadoptscim062020';
  return oldPatch ? 'entra-legacy' : 'other';
}

const NOT_WRITTEN = new Set(['schemas', 'id', 'meta']);
/**
 * What an attribute name or path looks like (ATTRNAME, `$ref`, URNs, dots): anything else a client put in
 * a key (an address, a sentence) is left out, as it could be personal data.
 */
const NAME_LIKE = /^[A-Za-z$][A-Za-z0-9_.:$-]*$/;

/** A key of a body, with an extension's own keys named `urn:…:User:attribute`. */
function namesOf(object: Record<string, unknown>): string[] {
  return Object.entries(object).flatMap(([key, value]) =>
    key.startsWith('urn:') && typeof value === 'object' && value !== null && !Array.isArray(value)
      ? Object.keys(value).map((sub) => `${key}:${sub}`)
      : [key],
  );
}

/**
 * The names of the attributes a write sends: a POST's or PUT's keys, a PATCH's paths (value filters
 * removed: `emails[value eq "…"]` would carry an address) or its path-less values' keys. Never a value.
 */
export function attributesWritten(method: string, body: unknown): string[] | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const names =
    method === 'PATCH'
      ? operationsOf(body).flatMap((o) => {
          if (typeof o.path === 'string' && o.path.trim() !== '') return [withoutValueFilters(o.path).trim()];
          return typeof o.value === 'object' && o.value !== null && !Array.isArray(o.value)
            ? namesOf(o.value as Record<string, unknown>)
            : [];
        })
      : namesOf(body as Record<string, unknown>).filter((name) => !NOT_WRITTEN.has(name));
  const unique = [...new Set(names.filter((n) => NAME_LIKE.test(n)).map((n) => n.slice(0, MAX_NAME_LENGTH)))];
  return unique.slice(0, MAX_ATTRIBUTE_NAMES);
}
