import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureTables } from '../../bin/local/create-tables';
import { hashToken } from '../../functions/auth/bearer-token';
import { ClientStore } from '../../functions/storage/client-store';
import { createDocumentClient } from '../../functions/storage/dynamo-client';
import { LOCAL_TABLE_NAMES, TABLES } from '../../functions/storage/table-design';
import { scimAdmin as cli } from '../support/scim-admin-cli';
import { dynamoEndpoint } from '../support/scim-server';

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
    [
      'a secret id of another form',
      ['clients', 'secrets', 'revoke', 'acme', 'cli_0123456789abcdef01234567', 'tok_0123456789abcdef'],
      /secret ids are sec_ and 16 hex digits/,
    ],
    ['--years out of range', ['clients', 'create', 'acme', '--years', '5'], /--years takes 1 to 3 years/],
    [
      'a trust without its subject',
      ['trusts', 'create', 'acme', '--entra-tenant', '72f988bf-86f1-41af-91ab-2d7cd011db47'],
      /trusts create needs --subject <object id>/,
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

const TID = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const OID = '0f4c2b1a-3e5d-4c6b-8a7f-9e0d1c2b3a4f';
const APP = 'b5ba7a93-1c2d-4e5f-8a9b-0c1d2e3f4a5b';

describe('npx scim-admin --local, clients and trusts', () => {
  const db = createDocumentClient({ region: 'local', endpoint: dynamoEndpoint() });
  /** A data folder whose endpoint.json names the run's DynamoDB Local, as `npm start` writes it. */
  const local = mkdtempSync(join(tmpdir(), 'scim-admin-clients-'));
  const tenantId = `e-${randomBytes(5).toString('hex')}`;
  const run = (...args: string[]) => cli(...args, '--local', '--data-dir', local);
  const field = (text: string, name: string) => new RegExp(`^${name}: (\\S+)$`, 'm').exec(text)?.[1];

  beforeAll(async () => {
    await ensureTables(db as never, {
      [LOCAL_TABLE_NAMES.tokens]: TABLES.tokens,
      [LOCAL_TABLE_NAMES.data]: TABLES.data,
    });
    writeFileSync(
      join(local, 'endpoint.json'),
      JSON.stringify({
        tenantUrl: 'http://127.0.0.1:9000/local/scim/v2',
        tokenEndpoint: 'http://127.0.0.1:9000/local/oauth2/token',
        dynamodbEndpoint: dynamoEndpoint(),
      }),
    );
    expect((await run('tenants', 'create', tenantId)).code).toBe(0);
  }, 60_000);

  it("prints a client's Entra fields once, with a secret that authenticates; tenants delete removes it", async () => {
    const created = await run('clients', 'create', tenantId, '--label', 'Entra');
    expect(created.code).toBe(0);
    expect(field(created.stdout, 'Tenant URL')).toBe('http://127.0.0.1:9000/local/scim/v2?aadOptscim062020');
    expect(field(created.stdout, 'Token Endpoint')).toBe('http://127.0.0.1:9000/local/oauth2/token');
    const clientId = field(created.stdout, 'Client Identifier') as string;
    const secret = field(created.stdout, 'Client Secret') as string;
    expect(clientId).toMatch(/^cli_[0-9a-f]{24}$/);
    const clients = new ClientStore(db, LOCAL_TABLE_NAMES.tokens);
    expect(await clients.checkSecret(clientId, hashToken(secret))).toMatchObject({ ok: true });

    const added = await run('clients', 'secrets', 'add', tenantId, clientId, '--years', '1', '--json');
    expect(JSON.parse(added.stdout)).toMatchObject({
      clientId,
      clientSecret: expect.stringMatching(/^scimcs_/),
    });
    const listed = await run('clients', 'secrets', 'list', tenantId, clientId);
    expect(listed.stdout.trimEnd().split('\n')).toHaveLength(3);
    expect(listed.stdout).not.toContain(secret);

    const trusted = await run(
      'trusts',
      'create',
      tenantId,
      '--entra-tenant',
      TID,
      '--subject',
      OID,
      '--audience',
      `api://${APP}/.default`,
    );
    expect(trusted.code).toBe(0);
    expect(field(trusted.stdout, 'Client identifier')).toMatch(/^cli_[0-9a-f]{24}$/);
    expect(trusted.stdout).toContain(`  Audience: api://${APP}/.default`);

    const deleted = await run('tenants', 'delete', tenantId);
    expect(deleted.stdout).toMatch(/0 token\(s\), 2 client\(s\) and trust\(s\), and 0 API key\(s\) removed/);
    expect(await clients.checkSecret(clientId, hashToken(secret))).toEqual({
      ok: false,
      reason: 'unknown_client',
    });
  }, 120_000);

  it('answers a client id the tenant does not have with ClientNotFound, exit 1', async () => {
    const { code, stderr } = await run('clients', 'delete', tenantId, 'cli_000000000000000000000000');
    expect(code).toBe(1);
    expect(stderr).toMatch(/has no client cli_000000000000000000000000 \(ClientNotFound\)/);
  }, 60_000);
});
