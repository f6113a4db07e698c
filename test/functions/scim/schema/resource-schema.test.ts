import { afterAll, describe, expect, it } from 'vitest';
import { resolveAttributePath } from '../../../../functions/scim/schema/attribute-path';
import {
  attributeValueSchema,
  parseOrThrow,
  resourceSchema,
} from '../../../../functions/scim/schema/resource-schema';
import { USER_RESOURCE_TYPE } from '../../../../functions/scim/schema/resource-type';
import {
  type ExpectedError,
  expand,
  expectScimError,
  loadFixture,
  named,
  prototypeSnapshot,
  resourceTypeNamed,
} from '../load-fixture';

interface ResourceCase {
  readonly name: string;
  readonly resourceType?: 'User' | 'Group';
  readonly input: unknown;
  readonly expected?: unknown;
  readonly error?: ExpectedError;
}

interface AttributeValueCase {
  readonly name: string;
  readonly attribute: string;
  readonly keepReadOnly?: boolean;
  readonly input: unknown;
  readonly expected?: unknown;
  readonly error?: ExpectedError;
}

const fixture = loadFixture<{ resources: ResourceCase[]; attributeValues: AttributeValueCase[] }>(
  'schema-cases.json',
);
const prototypeBefore = prototypeSnapshot();

function parseResource(c: ResourceCase): unknown {
  const resourceType = resourceTypeNamed(c.resourceType);
  return parseOrThrow(resourceSchema(resourceType), expand(c.input), `The ${resourceType.name}`);
}

function parseValue(c: AttributeValueCase): unknown {
  const path = resolveAttributePath(USER_RESOURCE_TYPE, c.attribute);
  if (path === undefined) throw new Error(`unknown attribute ${c.attribute}`);
  const schema = attributeValueSchema(path.subAttribute ?? path.attribute, !c.keepReadOnly);
  return parseOrThrow(schema, expand(c.input), `The value of '${c.attribute}'`);
}

describe('resourceSchema', () => {
  it.each(named(fixture.resources.filter((c) => c.error === undefined)))('%s', (_, c) => {
    expect(parseResource(c)).toEqual(expand(c.expected));
  });
});

describe('resourceSchema refuses', () => {
  it.each(named(fixture.resources.filter((c) => c.error !== undefined)))('%s', (_, c) => {
    expectScimError(() => parseResource(c), c.error as ExpectedError);
  });
});

describe('attributeValueSchema', () => {
  it.each(named(fixture.attributeValues.filter((c) => c.error === undefined)))('%s', (_, c) => {
    expect(parseValue(c)).toEqual(c.expected);
  });
});

describe('attributeValueSchema refuses', () => {
  it.each(named(fixture.attributeValues.filter((c) => c.error !== undefined)))('%s', (_, c) => {
    expectScimError(() => parseValue(c), c.error as ExpectedError);
  });
});

afterAll(() => {
  expect(prototypeSnapshot()).toEqual(prototypeBefore);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});
