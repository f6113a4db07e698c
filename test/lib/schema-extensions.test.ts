import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { ENV, readEnvironment } from '../../functions/config';
import { resourceFunctionEnvironment } from '../../functions/resource-environment';
import type { SchemaExtensionDeclaration } from '../../functions/scim/schema/extension-declaration';
import { environmentBytes, LAMBDA_ENVIRONMENT_BYTES } from '../../lib/environment-size';
import { ScimApi } from '../../lib/scim-api';
import { unbundledStack } from './synth';

/**
 * The construct's `schemaExtensions` (issue 13 §1): checked at synth, handed to the functions that serve the
 * resource types in their environment, within Lambda's 4 KB quota on it (lib/environment-size.ts).
 */
const EXAMPLE = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../docs/schema-extensions.example.json'), 'utf8'),
) as SchemaExtensionDeclaration[];

function functionsOf(schemaExtensions: readonly SchemaExtensionDeclaration[]) {
  const stack = unbundledStack('Extensions');
  new ScimApi(stack, 'Scim', { schemaExtensions });
  const functions = Template.fromStack(stack).findResources('AWS::Lambda::Function');
  return Object.entries(functions).map(([id, f]) => ({
    id,
    variables: (f.Properties.Environment?.Variables ?? {}) as Record<string, unknown>,
  }));
}

/** A declaration of `count` extensions of 50 attributes with long descriptions: far over 4 KB. */
const huge = (count: number): SchemaExtensionDeclaration[] =>
  Array.from({ length: count }, (_, i) => ({
    id: `urn:ietf:params:scim:schemas:extension:big${i}:2.0:User`,
    resourceType: 'User',
    attributes: Array.from({ length: 50 }, (_, j) => ({
      name: `a${j}`,
      type: 'string',
      description: 'd'.repeat(60),
    })),
  }));

describe('schemaExtensions', () => {
  it('reaches the Users, Groups and discovery functions only, as the JSON their cold start reads', () => {
    const functions = functionsOf(EXAMPLE);
    const carrying = functions.filter((f) => ENV.SCHEMA_EXTENSIONS in f.variables).map((f) => f.id);
    expect(carrying.map((id) => /^Scim(\w+?)Function/.exec(id)?.[1]).sort()).toEqual([
      'Discovery',
      'Groups',
      'Users',
    ]);
    const users = functions.find((f) => f.id.startsWith('ScimUsersFunction'));
    const read = readEnvironment(resourceFunctionEnvironment, {
      [ENV.TABLE_NAME]: 'data',
      [ENV.SCHEMA_EXTENSIONS]: users?.variables[ENV.SCHEMA_EXTENSIONS] as string,
    });
    expect(read[ENV.SCHEMA_EXTENSIONS].User.extensions.map((e) => e.schema.id)).toEqual([
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
      'urn:ietf:params:scim:schemas:extension:acme:2.0:User',
    ]);
  });

  it('sets nothing when none is declared', () => {
    expect(functionsOf([]).filter((f) => ENV.SCHEMA_EXTENSIONS in f.variables)).toEqual([]);
  });

  it('fails the synth on an invalid declaration, saying where', () => {
    const bad = [{ ...EXAMPLE[0], attributes: [{ name: 'level', type: 'int' }] }] as never;
    expect(() => functionsOf(bad)).toThrow(/Invalid schema extension declaration at 0\.attributes\.0\.type/);
  });

  it('fails the synth, naming the function and the quota, when the environment would exceed 4 KB', () => {
    expect(() => functionsOf(huge(2))).toThrow(
      new RegExp(
        `Scim/Users/Function: its environment variables take up to \\d+ bytes, over Lambda's ${LAMBDA_ENVIRONMENT_BYTES}`,
      ),
    );
  });

  it('leaves the example far within the quota', () => {
    const users = functionsOf(EXAMPLE).find((f) => f.id.startsWith('ScimUsersFunction'));
    expect(environmentBytes(users?.variables ?? {})).toBeLessThan(LAMBDA_ENVIRONMENT_BYTES / 2);
  });
});

describe('environmentBytes: the size Lambda’s 4 KB quota is checked against', () => {
  it.each([
    { variables: {}, bytes: 2 },
    // {"A":"b"}
    { variables: { A: 'b' }, bytes: 9 },
    // A value known only at deploy time (a table name) counts at 255 characters, DynamoDB's longest.
    { variables: { A: { Ref: 'Table' } }, bytes: 2 + 3 + 1 + 257 },
    // {"A":"b","BC":"d"}
    { variables: { A: 'b', BC: 'd' }, bytes: 18 },
    // Escapes count as sent: a quote is two bytes, é two in UTF-8.
    { variables: { A: '"é' }, bytes: 2 + 3 + 1 + 6 },
  ])('$variables: $bytes bytes', ({ variables, bytes }) => {
    expect(environmentBytes(variables)).toBe(bytes);
  });
});
