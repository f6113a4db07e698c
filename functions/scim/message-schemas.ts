import * as v from 'valibot';

/**
 * A message's `schemas` (RFC 7644 §3.4.3 SearchRequest, §3.5.2 PatchOp): when sent, an array of strings
 * that names the message's URI. Absent or null is accepted, as clients omit it; anything else is refused.
 */
export function messageSchemas(uri: string) {
  return v.nullish(
    v.pipe(
      v.array(v.string('schemas must be strings'), 'schemas must be an array of strings'),
      v.check((schemas) => schemas.includes(uri), `schemas must contain ${uri}`),
    ),
  );
}
