import { describe, expect, it } from 'vitest';
import { type PatchOperation, parsePatchRequest } from '../../../../functions/scim/patch/patch-request';
import { type ExpectedError, expand, expectScimError, loadFixture, named } from '../load-fixture';

interface EnvelopeCase {
  readonly name: string;
  readonly body: unknown;
  readonly operations?: readonly PatchOperation[];
  readonly error?: ExpectedError;
}

const envelopes = loadFixture<{ envelopes: EnvelopeCase[] }>('patch-cases.json').envelopes;

describe('parsePatchRequest', () => {
  it.each(named(envelopes.filter((c) => c.operations !== undefined)))('%s', (_, c) => {
    expect(parsePatchRequest(expand(c.body))).toEqual(c.operations);
  });
});

describe('parsePatchRequest refuses', () => {
  it.each(named(envelopes.filter((c) => c.error !== undefined)))('%s', (_, c) => {
    expectScimError(() => parsePatchRequest(expand(c.body)), c.error as ExpectedError);
  });
});
