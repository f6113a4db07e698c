import { afterAll, describe, expect, it } from 'vitest';
import { evaluateFilter } from '../../../../functions/scim/filter/evaluate-filter';
import { applyPatch, type ComputedAttributeChange } from '../../../../functions/scim/patch/apply-patch';
import { parsePatchRequest } from '../../../../functions/scim/patch/patch-request';
import { formatAttributePath } from '../../../../functions/scim/schema/attribute-path';
import type { ScimResource } from '../../../../functions/scim/schema/resource-schema';
import {
  type ExpectedError,
  expand,
  expectScimError,
  loadFixture,
  named,
  prototypeSnapshot,
  resourceTypeNamed,
} from '../load-fixture';

interface PatchCase {
  readonly name: string;
  readonly resourceType?: 'User' | 'Group';
  readonly resource: string | ScimResource;
  readonly operations: unknown;
  readonly hook?: boolean;
  readonly computedChanges?: readonly Record<string, unknown>[];
  readonly expected?: ScimResource;
  readonly error?: ExpectedError;
}

interface PatchFixture {
  readonly memberCandidates: readonly string[];
  readonly resources: Readonly<Record<string, ScimResource>>;
  readonly cases: readonly PatchCase[];
}

const fixture = loadFixture<PatchFixture>('patch-cases.json');
const prototypeBefore = prototypeSnapshot();

function resourceOf(c: PatchCase): ScimResource {
  const resource = typeof c.resource === 'string' ? fixture.resources[c.resource] : c.resource;
  if (resource === undefined) throw new Error(`unknown fixture resource ${String(c.resource)}`);
  return structuredClone(resource);
}

/** A change as the fixture writes it: the path as text, and which member ids its value filter selects. */
function describeChange(change: ComputedAttributeChange): Record<string, unknown> {
  const { valueFilter } = change;
  return {
    op: change.op,
    path: formatAttributePath(change.path),
    ...(valueFilter === undefined
      ? {}
      : {
          selects: fixture.memberCandidates.filter((value) =>
            evaluateFilter(valueFilter, { [change.path.attribute.name]: [{ value }] }),
          ),
        }),
    ...(change.value === undefined ? {} : { value: change.value }),
  };
}

/** Runs a case: parsePatchRequest, then applyPatch on the resource; asserts the input is never modified. */
function run(c: PatchCase, changes: Record<string, unknown>[]): ScimResource {
  const resource = resourceOf(c);
  const saved = structuredClone(resource);
  try {
    const operations = parsePatchRequest(expand(c.operations));
    return applyPatch(
      resource,
      operations,
      resourceTypeNamed(c.resourceType),
      c.hook ? { onComputedAttribute: (change) => changes.push(describeChange(change)) } : {},
    );
  } finally {
    // All or nothing (RFC 7644 §3.5.2): whatever happened, the caller's resource is as it was.
    expect(resource).toEqual(saved);
  }
}

describe('applyPatch', () => {
  it.each(named(fixture.cases.filter((c) => c.expected !== undefined)))('%s', (_, c) => {
    const changes: Record<string, unknown>[] = [];
    expect(run(c, changes)).toEqual(c.expected);
    expect(changes).toEqual(c.computedChanges ?? []);
  });
});

describe('applyPatch refuses', () => {
  it.each(named(fixture.cases.filter((c) => c.error !== undefined)))('%s', (_, c) => {
    expectScimError(() => run(c, []), c.error as ExpectedError);
  });
});

afterAll(() => {
  expect(prototypeSnapshot()).toEqual(prototypeBefore);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});
