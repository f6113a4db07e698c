import fc from 'fast-check';
import { afterAll, describe, it } from 'vitest';
import { evaluateFilter } from '../../../../functions/scim/filter/evaluate-filter';
import { parseFilter } from '../../../../functions/scim/filter/parse-filter';
import { parsePatchPath } from '../../../../functions/scim/patch/parse-patch-path';
import type { AttributeDefinition } from '../../../../functions/scim/schema/attribute-definition';
import { formatAttributePath } from '../../../../functions/scim/schema/attribute-path';
import { GROUP_RESOURCE_TYPE, USER_RESOURCE_TYPE } from '../../../../functions/scim/schema/resource-type';
import {
  anyString,
  assertProperty,
  deepFreeze,
  expectUnpollutedPrototype,
  mutated,
  outcome,
  prototypeKeys,
  SEED_LABEL,
  same,
} from './support';
import {
  attributeValue,
  Choices,
  canonicalFilter,
  choicePicks,
  GRAMMAR_ALPHABET,
  patchTarget,
  printPatchPath,
  tokenSoup,
  USER_PATHS,
  userPatchPath,
} from './user-arbitraries';

const prototypeBefore = prototypeKeys();
deepFreeze(USER_RESOURCE_TYPE);
deepFreeze(GROUP_RESOURCE_TYPE);

/** Every attribute definition of both resource types: a parsed path must point into the schema itself. */
const DEFINITIONS = new Set<AttributeDefinition>([
  ...USER_PATHS.map((p) => p.attribute),
  ...USER_PATHS.flatMap((p) => (p.sub === undefined ? [] : [p.sub])),
  ...GROUP_RESOURCE_TYPE.schema.attributes.flatMap((a) => [a, ...(a.subAttributes ?? [])]),
]);

describe(`PATCH path parser, generated cases (${SEED_LABEL})`, () => {
  it('a valid PATCH path parses to the attribute it names; its value filter means what a filter does', () => {
    // A path, and values of the attribute it names to try its value filter on.
    const pathAndValues = userPatchPath.chain((path) =>
      fc.tuple(fc.constant(path), attributeValue(path.spec.attribute)),
    );
    assertProperty(
      fc.property(
        pathAndValues,
        choicePicks,
        fc.constantFrom('', ' ', '\t\n'),
        ([path, values], picks, pad) => {
          const text = `${pad}${printPatchPath(path, new Choices(picks))}${pad}`;
          const parsed = outcome(() => parsePatchPath(text, USER_RESOURCE_TYPE), ['invalidPath']);
          if (!parsed.ok) throw new Error(`A valid PATCH path was refused: ${parsed.error.detail}\n${text}`);
          const { path: resolved, valueFilter } = parsed.value;
          same(formatAttributePath(resolved), patchTarget(path), text);
          same(DEFINITIONS.has(resolved.attribute), true, 'the attribute is the schema definition');
          same(valueFilter !== undefined, path.filter !== undefined, 'a value filter is kept');
          // `groups` is computed, so a `filter` parameter may not name it: nothing to compare with.
          if (path.filter === undefined || valueFilter === undefined || path.spec.attribute.name === 'groups')
            return;
          // The value filter selects the values that the same filter in a `filter` parameter would.
          const name = path.spec.attribute.name;
          const asFilter = parseFilter(`${name}[${canonicalFilter(path.filter, true)}]`, USER_RESOURCE_TYPE);
          for (const element of (values as Record<string, unknown>[]) ?? []) {
            const resource = deepFreeze({ [name]: [element] });
            same(evaluateFilter(valueFilter, resource), evaluateFilter(asFilter, resource), text);
          }
        },
      ),
    );
  });

  it('any text is a PATCH path or a 400 invalidPath; a parsed path names a schema attribute', () => {
    const valid = fc
      .tuple(userPatchPath, choicePicks)
      .map(([p, picks]) => printPatchPath(p, new Choices(picks)));
    const text = fc.oneof(
      fc.string({ maxLength: 40 }),
      anyString(30),
      tokenSoup,
      mutated(valid, GRAMMAR_ALPHABET),
      mutated(fc.constantFrom('members[value eq "x"]', 'displayName', 'members.value'), GRAMMAR_ALPHABET),
    );
    assertProperty(
      fc.property(text, fc.constantFrom(USER_RESOURCE_TYPE, GROUP_RESOURCE_TYPE), (input, resourceType) => {
        const parsed = outcome(() => parsePatchPath(input, resourceType), ['invalidPath']);
        if (!parsed.ok) {
          same(parsed.error.status, 400, 'status');
          return;
        }
        const { path, valueFilter } = parsed.value;
        same(DEFINITIONS.has(path.attribute), true, `the attribute of ${input} is the schema definition`);
        if (path.subAttribute !== undefined) {
          same(
            DEFINITIONS.has(path.subAttribute),
            true,
            `the sub-attribute of ${input} is the schema definition`,
          );
        }
        // The path it names, printed canonically, parses to the same path.
        const again = parsePatchPath(formatAttributePath(path), resourceType);
        same(formatAttributePath(again.path), formatAttributePath(path), input);
        if (valueFilter !== undefined) {
          same(path.attribute.multiValued, true, `${input} filters a multi-valued attribute`);
          const result = evaluateFilter(valueFilter, {
            [path.attribute.name]: [{ value: 'x', type: 'work' }],
          });
          same(typeof result, 'boolean', 'a value filter evaluates to a boolean');
        }
      }),
    );
  });
});

afterAll(() => {
  expectUnpollutedPrototype(prototypeBefore);
});
