import { describe, expect, it } from 'vitest';

/**
 * What the vendor's application imports from this package by name (package.json `exports`, issue 11): the
 * reader and the event types, resolved here through the package's self-reference as a git dependency's
 * importer resolves them. TypeScript sources: the vendor's bundler (esbuild in CDK's NodejsFunction)
 * compiles them.
 */
describe('the package exports', () => {
  it.each([
    { specifier: 'scim-endpoint-aws/reader', exported: 'createScimReader' },
    { specifier: 'scim-endpoint-aws/lib/scim-api', exported: 'ScimApi' },
  ])('$specifier exports $exported', async ({ specifier, exported }) => {
    const module = (await import(/* @vite-ignore */ specifier)) as Record<string, unknown>;
    expect(typeof module[exported]).toBe('function');
  });

  it('scim-endpoint-aws/events gives the RFC 9967 URI of each kind of event, beside its types', async () => {
    const specifier = 'scim-endpoint-aws/events';
    const module = (await import(/* @vite-ignore */ specifier)) as { SCIM_EVENT_URIS?: object };
    expect(Object.values(module.SCIM_EVENT_URIS ?? {})).toContain(
      'urn:ietf:params:scim:event:prov:create:full',
    );
  });

  it('keep the table layout private: storage is not importable by name', async () => {
    const specifier = 'scim-endpoint-aws/functions/storage/table-design';
    await expect(import(/* @vite-ignore */ specifier)).rejects.toThrow(/not exported/);
  });
});
