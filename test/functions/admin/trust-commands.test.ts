/**
 * `trusts …` (issue 12) on DynamoDB Local: what a trust records of Entra's step 1, and what it refuses.
 * Values as Microsoft's WIF document shows them:
 * https://github.com/AzureAD/SCIMReferenceCode/blob/master/Workload-Identity-Federation-for-SCIM-Provisioning.md
 */
import { randomBytes } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { adminCommands } from '../../../functions/admin/admin-commands';
import { ClientStore } from '../../../functions/storage/client-store';
import { createDocumentClient } from '../../../functions/storage/dynamo-client';
import { TokenStore } from '../../../functions/storage/token-store';
import { dynamoEndpoint } from '../../support/scim-server';
import { TEST_TABLES } from '../../support/test-tables';

const db = createDocumentClient({ region: 'local', endpoint: dynamoEndpoint() });
const tokens = new TokenStore(db, TEST_TABLES.tokens);
const clients = new ClientStore(db, TEST_TABLES.tokens);
const admin = adminCommands({ tokens, clients, usagePlans: {}, defaultTier: 'standard' });
let tenantId: string;

const TID = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const OID = '0f4c2b1a-3e5d-4c6b-8a7f-9e0d1c2b3a4f';
const APP = 'b5ba7a93-1c2d-4e5f-8a9b-0c1d2e3f4a5b';
const entra = { entraTenant: TID, subject: OID, audience: APP };

beforeEach(async () => {
  tenantId = `w-${randomBytes(5).toString('hex')}`;
  await ok({ action: 'createTenant', tenantId });
});

// biome-ignore lint/suspicious/noExplicitAny: results are inspected freely in assertions
const ok = async (request: Record<string, unknown>): Promise<any> => {
  const response = await admin(request);
  if (!response.ok) throw new Error(JSON.stringify(response.error));
  return response.result;
};
const create = (fields: Record<string, unknown>) => admin({ action: 'createTrust', tenantId, ...fields });

describe('trusts create', () => {
  it("records Entra's issuer and key endpoint for the tenant id unless given, as a federation client", async () => {
    const trust = await ok({ action: 'createTrust', tenantId, ...entra });
    expect(trust).toMatchObject({
      clientId: expect.stringMatching(/^cli_[0-9a-f]{24}$/),
      tenantId,
      method: 'federation',
      accessTokenLifetime: 3600,
      trust: {
        issuer: `https://login.microsoftonline.com/${TID}/v2.0`,
        jwksUri: `https://login.microsoftonline.com/${TID}/discovery/v2.0/keys`,
        entraTenant: TID,
        subject: OID,
        audience: APP,
      },
    });
    expect(await clients.getClient(trust.clientId)).toEqual(trust);
  });

  it.each([
    [
      'an api:// audience with /.default, as step 1 shows it',
      { audience: `api://${APP}/.default` },
      { audience: `api://${APP}` },
    ],
    ['a bare app id with /.default', { audience: `${APP}/.default` }, { audience: APP }],
    [
      'GUIDs in upper case, as lower case',
      { entraTenant: TID.toUpperCase(), subject: OID.toUpperCase(), audience: APP.toUpperCase() },
      { entraTenant: TID, subject: OID, audience: APP },
    ],
    [
      'a loopback key server',
      { issuer: 'http://127.0.0.1:4000/t/v2.0', jwksUri: 'http://localhost:4000/keys' },
      { issuer: 'http://127.0.0.1:4000/t/v2.0', jwksUri: 'http://localhost:4000/keys' },
    ],
    [
      'an IPv6 loopback key server',
      { jwksUri: 'http://[::1]:4000/keys' },
      { jwksUri: 'http://[::1]:4000/keys' },
    ],
    [
      'another https issuer',
      { issuer: 'https://sts.windows.net/x/' },
      { issuer: 'https://sts.windows.net/x/' },
    ],
  ])('accepts %s', async (_, fields, recorded) => {
    const trust = await ok({ action: 'createTrust', tenantId, ...entra, ...fields });
    expect(trust.trust).toMatchObject(recorded);
  });

  /** What each refuses, and (a part of) the message that names the option to correct. */
  it.each([
    [
      'a tenant domain for --entra-tenant',
      { entraTenant: 'contoso.onmicrosoft.com' },
      "--entra-tenant takes the Entra tenant's id, a GUID, not 'contoso.onmicrosoft.com'",
    ],
    ['a subject that is not a GUID', { subject: 'provisioning' }, ", a GUID, not 'provisioning'"],
    [
      'an audience that is neither a GUID nor api://',
      { audience: 'https://graph.microsoft.com/.default' },
      '--audience takes the application id (a GUID) or its api:// URI',
    ],
    ['an empty api:// audience', { audience: 'api:///.default' }, '--audience takes'],
    [
      'an http issuer on a public host',
      { issuer: 'http://login.microsoftonline.com/x/v2.0' },
      "--issuer takes an https URL (http only on 127.0.0.1, localhost or [::1]), not 'http://login.microsoftonline.com/x/v2.0'",
    ],
    ['a key endpoint that is no URL', { jwksUri: 'keys.example.com' }, '--jwks-uri takes an https URL'],
    [
      'a key endpoint of another scheme',
      { jwksUri: 'ftp://127.0.0.1/keys' },
      '--jwks-uri takes an https URL',
    ],
    [
      'a URL with credentials',
      { jwksUri: 'https://user:pw@example.com/keys' },
      '--jwks-uri takes an https URL',
    ],
    [
      'an access-token lifetime of 30 minutes',
      { accessTokenLifetime: 1800 },
      '--token-lifetime takes 3600 to 21600 seconds, not 1800',
    ],
  ])('refuses %s, recording nothing', async (_, fields, message) => {
    const response = await create({ ...entra, ...fields });
    expect(response).toMatchObject({ ok: false, error: { code: 'InvalidRequest' } });
    expect(!response.ok && response.error.message).toContain(message);
    expect(await ok({ action: 'listTrusts', tenantId })).toEqual([]);
  });

  it.each([['entraTenant'], ['subject'], ['audience']])('refuses a trust without %s', async (field) => {
    const { [field as keyof typeof entra]: _left, ...rest } = entra;
    expect(await create(rest)).toMatchObject({ ok: false, error: { code: 'InvalidRequest' } });
  });
});

describe('trusts list and delete', () => {
  it('list only trusts, each with what an assertion must carry; delete removes one', async () => {
    const trust = await ok({ action: 'createTrust', tenantId, ...entra, label: 'Entra WIF' });
    await ok({ action: 'createClient', tenantId });
    expect(await ok({ action: 'listTrusts', tenantId })).toEqual([
      expect.objectContaining({ clientId: trust.clientId, label: 'Entra WIF', ...entra }),
    ]);
    expect(await ok({ action: 'deleteTrust', tenantId, clientId: trust.clientId })).toMatchObject({
      clientId: trust.clientId,
      method: 'federation',
    });
    expect(await ok({ action: 'listTrusts', tenantId })).toEqual([]);
    expect(await clients.getClient(trust.clientId)).toBeUndefined();
  });

  it.each([
    ['clients delete of a trust', 'deleteClient', 'trust', /is a trust: use trusts delete$/],
    ['trusts delete of a client', 'deleteTrust', 'client', /is a client with secrets: use clients delete$/],
    ['clients secrets add of a trust', 'addClientSecret', 'trust', /is a trust: trusts have no secrets$/],
  ])('refuse %s, naming the command to use', async (_, action, kind, message) => {
    const made =
      kind === 'trust'
        ? await ok({ action: 'createTrust', tenantId, ...entra })
        : await ok({ action: 'createClient', tenantId });
    const response = await admin({ action, tenantId, clientId: made.clientId });
    expect(response).toMatchObject({ ok: false, error: { code: 'InvalidRequest', message } });
    expect(await clients.getClient(made.clientId)).toBeDefined();
  });

  it("of another tenant's trust: not found", async () => {
    const theirs = `${tenantId}-b`;
    await ok({ action: 'createTenant', tenantId: theirs });
    const trust = await ok({ action: 'createTrust', tenantId: theirs, ...entra });
    expect(await admin({ action: 'deleteTrust', tenantId, clientId: trust.clientId })).toMatchObject({
      ok: false,
      error: { code: 'ClientNotFound' },
    });
    expect(await ok({ action: 'listTrusts', tenantId })).toEqual([]);
    expect(await clients.getClient(trust.clientId)).toBeDefined();
  });
});
