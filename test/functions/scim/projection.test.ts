import { describe, expect, it } from 'vitest';
import { isReturned, parseProjection, project } from '../../../functions/scim/projection';
import { loadFixture, named, resourceTypeNamed } from './load-fixture';

interface ProjectionCase {
  readonly name: string;
  readonly resourceType?: 'User' | 'Group';
  readonly attributes?: string;
  readonly excludedAttributes?: string;
  readonly expected: Record<string, unknown>;
  readonly isReturned?: Readonly<Record<string, boolean>>;
}

const fixture = loadFixture<{
  user: Record<string, unknown>;
  group: Record<string, unknown>;
  cases: ProjectionCase[];
}>('projection-cases.json');

describe('project', () => {
  it.each(named(fixture.cases))('%s', (_, c) => {
    const resourceType = resourceTypeNamed(c.resourceType);
    const representation = c.resourceType === 'Group' ? fixture.group : fixture.user;
    const projection = parseProjection(resourceType, c);
    expect(project(structuredClone(representation), resourceType, projection)).toEqual(c.expected);
    for (const [attribute, returned] of Object.entries(c.isReturned ?? {})) {
      expect(isReturned(resourceType, projection, attribute), attribute).toBe(returned);
    }
  });
});
