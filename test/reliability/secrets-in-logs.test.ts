/**
 * Promise 6: secrets and personal data stay out of the logs, and refused credentials are refused.
 *
 * The log test runs `npm start`'s own command (`node node_modules/tsx/dist/cli.mjs bin/local-server.ts
 * --in-memory`) in a child process with LOG_LEVEL=info, captures everything it writes to stdout and
 * stderr, replays Microsoft Entra ID's recorded user and group sequences against it, and then looks for
 * the bearer token, the word "Bearer" and every name and address the sequences sent. It also insists that
 * request log lines were written, so that it cannot pass on silence.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { generateToken, issueBearerToken } from '../../functions/auth/bearer-token';
import { newClientCredential } from '../../functions/auth/client-secret';
import { replay, type Sequence } from '../support/replay';
import { scimRequest, startScimServer, type TestServer } from '../support/scim-server';
import { expectScimError } from './helpers';

const ROOT = join(import.meta.dirname, '..', '..');
const run = promisify(execFile);
const TSX = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const SEQUENCES = join(ROOT, 'test', 'fixtures', 'sequences');

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Attributes whose values are personal data, as keys of a body or in a PATCH path. */
const PERSONAL =
  /username|displayname|givenname|familyname|middlename|formatted|nickname|emails|externalid|^name$/i;

/** Every personal value in a request body: under a personal key, or the value of a PATCH op on a personal path. */
function personalValues(body: unknown, into: Set<string>, sensitive = false): void {
  if (typeof body === 'string') {
    if (sensitive && body.trim().length >= 3) into.add(body);
  } else if (Array.isArray(body)) {
    for (const item of body) personalValues(item, into, sensitive);
  } else if (body !== null && typeof body === 'object') {
    const record = body as Record<string, unknown>;
    const onPersonalPath =
      typeof record.path === 'string' &&
      PERSONAL.test(record.path.replace(/\[.*$/, '').split(/[.:]/).pop() ?? '');
    for (const [key, value] of Object.entries(record)) {
      const personal =
        sensitive || PERSONAL.test(key.split(/[.:]/).pop() ?? key) || (key === 'value' && onPersonalPath);
      personalValues(value, into, personal);
    }
  }
}

/** The quoted values of a request's `filter`, decoded as API Gateway decodes the query. */
function filterValues(url: string, into: Set<string>): void {
  const filter = new URL(url).searchParams.get('filter');
  for (const match of filter?.matchAll(/"([^"]+)"/g) ?? []) into.add(match[1] as string);
}

describe('the logs of a full Entra ID sequence (npm start, LOG_LEVEL=info)', () => {
  let child: ChildProcess | undefined;
  let dataDirectory: string;
  let output = '';
  let tenantUrl = '';
  let token = '';

  beforeAll(async () => {
    dataDirectory = mkdtempSync(join(tmpdir(), 'scim-logs-'));
    const port = await freePort();
    const started = spawn(
      process.execPath,
      [TSX, 'bin/local-server.ts', '--in-memory', '--data-dir', dataDirectory],
      {
        cwd: ROOT,
        env: { ...process.env, PORT: String(port), LOG_LEVEL: 'info' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child = started;
    started.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    started.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`npm start printed no Secret Token within 90 s:\n${output}`)),
        90_000,
      );
      const check = () => {
        if (/Secret Token: \S+/.test(output) && /Tenant URL: \S+/.test(output)) {
          clearTimeout(timer);
          resolve();
        }
      };
      started.stdout?.on('data', check);
      started.once('exit', () => reject(new Error(`npm start exited:\n${output}`)));
    });
    tenantUrl = /Tenant URL: (\S+)/.exec(output)?.[1] as string;
    token = /Secret Token: (\S+)/.exec(output)?.[1] as string;
  }, 120_000);

  afterAll(async () => {
    if (child !== undefined && child.exitCode === null) {
      const exited = new Promise((resolve) => child?.once('exit', resolve));
      child.kill('SIGINT');
      await exited;
    }
    rmSync(dataDirectory, { recursive: true, force: true });
  });

  it('contain request lines but no token, no "Bearer" and no name or address that was sent', async () => {
    const sent = new Set<string>();
    const realFetch = globalThis.fetch;
    // Records what the replay sends (and still sends it): the values the logs must not contain.
    const spy = vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      const url = String(input);
      filterValues(url, sent);
      if (typeof init?.body === 'string') personalValues(JSON.parse(init.body), sent);
      return realFetch(input, init);
    });
    const startOfRequests = output.length;
    try {
      for (const file of ['entra-users-aadoptscim062020.json', 'entra-groups-aadoptscim062020.json']) {
        const sequence = JSON.parse(readFileSync(join(SEQUENCES, file), 'utf8')) as Sequence;
        await replay(sequence, tenantUrl, token);
      }
      // A refused token is not logged either.
      const stranger = generateToken();
      const refused = await scimRequest(`${tenantUrl}/Users`, 'GET', { Authorization: `Bearer ${stranger}` });
      expect(refused.status).toBe(401);
      sent.add(stranger);
    } finally {
      spy.mockRestore();
    }
    // Let the child flush what it wrote for the last requests.
    await new Promise((resolve) => setTimeout(resolve, 300));

    const lines = output.split('\n').filter((line) => line.trim() !== '');
    const duringRequests = output
      .slice(startOfRequests)
      .split('\n')
      .filter((line) => line.trim() !== '');
    const requestLines = duringRequests.filter((line) => /"message":"request"/.test(line));
    expect(
      requestLines.length,
      'request log lines (the test must not pass on silence)',
    ).toBeGreaterThanOrEqual(40);
    expect(sent.size, 'personal values sent').toBeGreaterThan(15);
    expect([...sent].some((v) => v.includes('@contoso.example'))).toBe(true);
    expect([...sent]).toEqual(expect.arrayContaining(['Ada Lovelace', 'Babbage']));

    // The token appears once: in the banner that hands it to the operator, and nowhere else.
    expect(lines.filter((line) => line.includes(token))).toEqual([`Secret Token: ${token}`]);
    for (const line of duringRequests) {
      expect(line, 'a log line mentions Bearer').not.toMatch(/bearer/i);
      expect(line).not.toContain(token);
      for (const value of sent) expect(line, `a log line contains "${value}"`).not.toContain(value);
    }
  }, 120_000);

  it('of the token endpoint and of Basic: no client secret, Basic header or access token, refused or not', async () => {
    const startOfRequests = output.length;
    const cli = [join(ROOT, 'bin', 'scim-admin.mjs'), 'clients', 'create', 'default', '--json'];
    const { stdout } = await run(process.execPath, [...cli, '--local', '--data-dir', dataDirectory], {
      cwd: ROOT,
    });
    const { clientId, clientSecret } = JSON.parse(stdout) as { clientId: string; clientSecret: string };
    const tokenUrl = tenantUrl.replace(/\/scim\/v2$/, '/oauth2/token');
    const wrongSecret = newClientCredential().secret;
    const headers = (secret: string) => ({
      'Content-Type': 'application/x-www-form-urlencoded',
      Authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`,
    });
    const grant = 'grant_type=client_credentials';
    const granted = await scimRequest(tokenUrl, 'POST', headers(clientSecret), grant);
    expect(granted.status).toBe(200);
    const accessToken = granted.body.access_token as string;
    const posted = `${grant}&client_id=${clientId}&client_secret=${clientSecret}`;
    expect(
      (await scimRequest(tokenUrl, 'POST', { 'Content-Type': 'application/x-www-form-urlencoded' }, posted))
        .status,
    ).toBe(200);
    expect((await scimRequest(tokenUrl, 'POST', headers(wrongSecret), grant)).status).toBe(401);
    expect(
      (await scimRequest(`${tenantUrl}/Users`, 'GET', { Authorization: `Bearer ${accessToken}` })).status,
    ).toBe(200);
    expect((await scimRequest(`${tenantUrl}/Users`, 'GET', headers(clientSecret))).status).toBe(200);
    expect((await scimRequest(`${tenantUrl}/Users`, 'GET', headers(wrongSecret))).status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 300));

    const duringRequests = output
      .slice(startOfRequests)
      .split('\n')
      .filter((line) => line.trim() !== '');
    expect(duringRequests.filter((line) => /"message":"request"/.test(line)).length).toBeGreaterThanOrEqual(
      3,
    );
    const secrets = [
      clientSecret,
      wrongSecret,
      accessToken,
      headers(clientSecret).Authorization.slice(6),
      headers(wrongSecret).Authorization.slice(6),
    ];
    for (const line of duringRequests) for (const secret of secrets) expect(line).not.toContain(secret);
  }, 120_000);
});

describe('refused credentials through the gateway', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startScimServer();
  });
  afterAll(() => server.close());

  const get = (token: string) =>
    scimRequest(`${server.baseUrl}/Users?count=0`, 'GET', { Authorization: `Bearer ${token}` });
  const expectRefused = async (token: string, what: string) => {
    const response = await get(token);
    expectScimError(response, 401, undefined, what);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="SCIM"');
  };

  it('a revoked token gets 401, while the tenant’s other token still works', async () => {
    const tenant = await server.newTenant();
    const second = await issueBearerToken(server.tokens, tenant.tenantId, 'second');
    expect((await get(tenant.token)).status).toBe(200);
    const [first] = (await server.tokens.listTokens(tenant.tenantId)).filter((t) => t.label === 'test');
    await server.tokens.revokeToken(tenant.tenantId, first?.tokenId as string);
    await expectRefused(tenant.token, 'revoked token');
    expect((await get(second?.token as string)).status).toBe(200);
  });

  it("a disabled tenant's tokens get 401, old and new, until it is enabled again", async () => {
    const tenant = await server.newTenant();
    expect((await get(tenant.token)).status).toBe(200);
    await server.tokens.updateTenant(tenant.tenantId, { status: 'disabled' });
    await expectRefused(tenant.token, 'disabled tenant');
    const issued = await issueBearerToken(server.tokens, tenant.tenantId, 'after disabling');
    await expectRefused(issued?.token as string, 'new token of a disabled tenant');
    // The tenant's data is refused on every route, not only on lists.
    const write = await scimRequest(
      `${server.baseUrl}/Users`,
      'POST',
      { Authorization: `Bearer ${tenant.token}`, 'Content-Type': 'application/scim+json' },
      { userName: 'disabled@contoso.example' },
    );
    expectScimError(write, 401);
    await server.tokens.updateTenant(tenant.tenantId, { status: 'active' });
    expect((await get(tenant.token)).status).toBe(200);
    expect((await get(tenant.token)).body.totalResults).toBe(0);
  });

  it('an expired token and a token with a broken checksum get 401', async () => {
    const tenant = await server.newTenant();
    const expired = await issueBearerToken(server.tokens, tenant.tenantId, 'expired', '2000-01-01T00:00:00Z');
    await expectRefused(expired?.token as string, 'expired token');
    const last = tenant.token.at(-1) === 'a' ? 'b' : 'a';
    await expectRefused(`${tenant.token.slice(0, -1)}${last}`, 'broken checksum');
  });
});
