import * as v from 'valibot';
import { canonicalKeys } from '../canonical-keys';
import { messageSchemas } from '../message-schemas';
import { assertAttributeNames } from '../schema/attribute-name';
import { isPlainObject } from '../schema/resource-schema';
import { ScimError } from '../scim-error';

export const PATCH_OP_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const MAX_PATCH_OPERATIONS = 1000;

/** One PATCH operation (RFC 7644 §3.5.2), `op` lower-cased: Entra's legacy dialect sends `Replace`. */
export interface PatchOperation {
  readonly op: 'add' | 'remove' | 'replace';
  readonly path?: string;
  readonly value?: unknown;
}

const operationSchema = v.object({
  op: v.pipe(
    v.string('op must be a string'),
    v.toLowerCase(),
    v.picklist(['add', 'remove', 'replace'], 'op must be add, remove or replace'),
  ),
  path: v.nullish(v.pipe(v.string('path must be a string'), v.maxLength(4096, 'path is too long'))),
  value: v.optional(v.unknown()),
});

const requestSchema = v.object({
  schemas: messageSchemas(PATCH_OP_SCHEMA),
  Operations: v.pipe(
    v.array(operationSchema, 'Operations must be an array of operations'),
    v.minLength(1, 'Operations must not be empty'),
    v.maxLength(MAX_PATCH_OPERATIONS, `Operations may hold at most ${MAX_PATCH_OPERATIONS} operations`),
  ),
});

/** Validates a PatchOp message; a malformed one is a 400 `invalidSyntax`. */
export function parsePatchRequest(body: unknown): readonly PatchOperation[] {
  if (!isPlainObject(body))
    throw ScimError.badRequest('invalidSyntax', 'The PATCH body must be a JSON object');
  const message = canonicalKeys(body, ['schemas', 'Operations']);
  if (Array.isArray(message.Operations)) {
    message.Operations = message.Operations.map((o) =>
      isPlainObject(o) ? canonicalKeys(o, ['op', 'path', 'value']) : o,
    );
  }
  const result = v.safeParse(requestSchema, message);
  if (!result.success) {
    throw ScimError.badRequest(
      'invalidSyntax',
      `Invalid PatchOp: ${result.issues[0]?.message ?? 'malformed'}`,
    );
  }
  // A path-less value is a resource's top level, whose keys may be paths and URNs (RFC 7644 §3.5.2).
  for (const [i, o] of result.output.Operations.entries()) {
    const pathLess = o.path === undefined || o.path === null || o.path.trim() === '';
    assertAttributeNames(o.value, `The value of operation ${i + 1}`, pathLess);
  }

  return result.output.Operations.map((o) => ({
    op: o.op,
    ...(o.path === undefined || o.path === null || o.path.trim() === '' ? {} : { path: o.path }),
    ...('value' in o ? { value: o.value } : {}),
  }));
}
