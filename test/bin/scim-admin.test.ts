import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scimAdmin as cli } from '../support/scim-admin-cli';

/** An empty data folder: no local endpoint runs there, so nothing is sent anywhere. */
const dataDir = mkdtempSync(join(tmpdir(), 'scim-admin-'));

describe('npx scim-admin', () => {
  it('explains delete and --purge, move, and what an expiry date means, in --help', async () => {
    const { code, stdout } = await cli('--help');
    expect(code).toBe(0);
    expect(stdout).toContain('tenants delete <tenant> [--purge]');
    expect(stdout).toMatch(/without --purge its users and groups stay/i);
    expect(stdout).toMatch(/leaves\s+the old usage plan, then joins the new one/);
    expect(stdout).toContain('until 23:59:59.999 UTC');
    expect(stdout).toMatch(/Impossible dates \(2027-02-30\) and past ones are refused/);
    expect(stdout).toContain('tokens rotate <tenant> <tokenId> [--expires <when>]');
  }, 60_000);

  it.each([
    ['an impossible date', ['tokens', 'create', 'acme', '--expires', '2027-02-30'], /not a valid expiry/],
    ['a past date', ['tokens', 'create', 'acme', '--expires', '2001-01-01'], /in the past/],
    [
      'a timestamp without offset',
      ['tokens', 'create', 'acme', '--expires', '2030-01-01T10:00'],
      /not a valid/,
    ],
    [
      'a bad rotate expiry',
      ['tokens', 'rotate', 'acme', 'tok_0123456789abcdef', '--expires', '2030-04-31'],
      /not a valid/,
    ],
    ['tenants set without an option', ['tenants', 'set', 'acme'], /needs at least one of --deletion/],
    ['--pause with --resume', ['tenants', 'set', 'acme', '--pause', '--resume'], /contradict/],
    [
      'retain days out of range',
      ['tenants', 'set', 'acme', '--deletion', 'retain', '--retain-days', '400'],
      /1 to 365 days/,
    ],
  ])(
    'refuses %s before sending anything',
    async (_, args, message) => {
      const { code, stderr } = await cli(...args, '--local', '--data-dir', dataDir);
      expect(code).toBe(2);
      expect(stderr).toMatch(message);
      expect(stderr).not.toMatch(/No local endpoint/);
    },
    60_000,
  );

  it('accepts a valid expiry and goes on to look for the endpoint', async () => {
    const { code, stderr } = await cli(
      'tokens',
      'create',
      'acme',
      '--expires',
      '2099-12-31',
      '--local',
      '--data-dir',
      dataDir,
    );
    expect(code).toBe(2);
    expect(stderr).toMatch(/No local endpoint is running/);
  }, 60_000);
});
