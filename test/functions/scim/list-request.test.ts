import { describe, expect, it } from 'vitest';
import { type ListRequest, parseListQuery, parseSearchRequest } from '../../../functions/scim/list-request';
import { type ExpectedError, expectScimError, loadFixture, named } from './load-fixture';

interface QueryCase {
  readonly name: string;
  readonly query: Record<string, string>;
  readonly expected?: ListRequest;
  readonly error?: ExpectedError;
}

interface SearchCase {
  readonly name: string;
  readonly body: unknown;
  readonly expected?: ListRequest;
  readonly error?: ExpectedError;
}

const fixture = loadFixture<{ queries: QueryCase[]; searches: SearchCase[] }>('list-request-cases.json');

describe('parseListQuery', () => {
  it.each(named(fixture.queries.filter((c) => c.error === undefined)))('%s', (_, c) => {
    expect(parseListQuery(c.query)).toEqual(c.expected);
  });
});

describe('parseListQuery refuses', () => {
  it.each(named(fixture.queries.filter((c) => c.error !== undefined)))('%s', (_, c) => {
    expectScimError(() => parseListQuery(c.query), c.error as ExpectedError);
  });
});

describe('parseSearchRequest', () => {
  it.each(named(fixture.searches.filter((c) => c.error === undefined)))('%s', (_, c) => {
    expect(parseSearchRequest(c.body)).toEqual(c.expected);
  });
});

describe('parseSearchRequest refuses', () => {
  it.each(named(fixture.searches.filter((c) => c.error !== undefined)))('%s', (_, c) => {
    expectScimError(() => parseSearchRequest(c.body), c.error as ExpectedError);
  });
});
