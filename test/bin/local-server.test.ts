import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { scimRequest } from '../support/scim-server';
import { userBody } from '../support/users';
import { isLoopback, listeningSockets } from './listening-sockets';

const ROOT = join(import.meta.dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const run = promisify(execFile);

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

interface LocalEndpoint {
  readonly process: ChildProcess;
  readonly tenantUrl: string;
  readonly token: string;
  readonly tokenEndpoint: string;
  stop(): Promise<number | null>;
}

/** `npm start` as the README runs it (the script's command), on a free port and a data folder of its own. */
async function start(dataDirectory: string, extra: string[] = []): Promise<LocalEndpoint> {
  const port = await freePort();
  const child = spawn(process.execPath, [TSX, 'bin/local-server.ts', '--data-dir', dataDirectory, ...extra], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const printed = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no Token Endpoint within 60 s:\n${output}`)), 60_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      // The last of the values it prints for an identity provider.
      if (/Token Endpoint: \S+/.test(output)) {
        clearTimeout(timer);
        resolve(output);
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    // 'close', not 'exit': the output may still be arriving when the process exits, and its last lines say why.
    child.once('close', (code) => reject(new Error(`npm start exited (${code}):\n${output}`)));
  });
  return {
    process: child,
    tenantUrl: /Tenant URL: (\S+)/.exec(printed)?.[1] as string,
    token: /Secret Token: (\S+)/.exec(printed)?.[1] as string,
    tokenEndpoint: /Token Endpoint: (\S+)/.exec(printed)?.[1] as string,
    stop: async () => {
      child.kill('SIGINT');
      return exited;
    },
  };
}

const admin = (dataDirectory: string, ...args: string[]) =>
  run(
    process.execPath,
    [join(ROOT, 'bin', 'scim-admin.mjs'), ...args, '--local', '--data-dir', dataDirectory],
    {
      cwd: ROOT,
    },
  );

/** The tenant's event details (`events list --json`), once `count` are there (the stream is read every second). */
async function eventsOf(
  dataDirectory: string,
  tenant: string,
  count: number,
): Promise<Record<string, unknown>[]> {
  let details: Record<string, unknown>[] = [];
  for (let attempt = 0; attempt < 30 && details.length < count; attempt++) {
    const { stdout } = await admin(dataDirectory, 'events', 'list', tenant, '--json');
    details = stdout
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }
  return details;
}

/** `events list --follow --json` running; resolves each line it prints. */
function follow(dataDirectory: string, tenant: string) {
  const child = spawn(
    process.execPath,
    [
      join(ROOT, 'bin', 'scim-admin.mjs'),
      'events',
      'list',
      tenant,
      '--follow',
      '--json',
      '--local',
      '--data-dir',
      dataDirectory,
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    /** The first printed line that contains `text` (at most 60 s). */
    line: async (text: string) => {
      for (let waited = 0; waited < 600; waited++) {
        const found = output.split('\n').find((l) => l.includes(text));
        if (found !== undefined) return found;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`events list --follow printed no line with ${text}:\n${output}`);
    },
    stop: async () => {
      child.kill('SIGINT');
      return exited;
    },
  };
}

describe('npm start', () => {
  it('prints a Tenant URL and Secret Token that work, mints tokens for other tenants, and stops cleanly', async () => {
    const data = mkdtempSync(join(tmpdir(), 'scim-local-'));
    const endpoint = await start(data, ['--in-memory']);
    try {
      expect(endpoint.tenantUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/scim\/v2$/);
      expect(endpoint.token).toMatch(/^scim_[0-9A-Za-z]{49}$/);
      if (process.platform === 'linux') {
        // Only this machine can reach the endpoint and its database: the kernel's socket table (read, no
        // packet sent) shows both listening on loopback and nowhere else.
        const { dynamodbEndpoint } = JSON.parse(readFileSync(join(data, 'endpoint.json'), 'utf8')) as {
          dynamodbEndpoint: string;
        };
        for (const url of [endpoint.tenantUrl, dynamodbEndpoint]) {
          const listening = listeningSockets().filter((s) => s.port === Number(new URL(url).port));
          expect(listening).not.toEqual([]);
          expect(listening.filter((s) => !isLoopback(s.address))).toEqual([]);
        }
      }
      const auth = (token: string) => ({
        Authorization: `Bearer ${token}`,
        'Content-Type': 'application/scim+json',
      });
      const probe = await scimRequest(
        `${endpoint.tenantUrl}/Users?filter=userName+eq+%22x%22`,
        'GET',
        auth(endpoint.token),
      );
      expect(probe.body).toMatchObject({ totalResults: 0, Resources: [] });

      // A second tenant, through the admin CLI against this endpoint.
      await admin(data, 'tenants', 'create', 'acme');
      const { stdout } = await admin(data, 'tokens', 'create', 'acme', '--label', 'Entra', '--json');
      const acme = JSON.parse(stdout).token as string;
      const created = await scimRequest(
        `${endpoint.tenantUrl}/Users`,
        'POST',
        auth(acme),
        userBody('ada@acme.example'),
      );
      expect(created.status).toBe(201);
      // The write's event, from the data table's stream through the event function's handler, as in AWS.
      const [event] = await eventsOf(data, 'acme', 1);
      expect(event).toMatchObject({
        id: expect.stringMatching(/:scim\.user\.created$/),
        tenantId: 'acme',
        resourceType: 'User',
        resourceId: created.body.id,
        userName: 'ada@acme.example',
        eventUri: 'urn:ietf:params:scim:event:prov:create:full',
        version: 'W/"1"',
      });
      // A policy change is an event too: its POLICY item reaches the stream.
      await admin(data, 'tenants', 'set', 'acme', '--deletion', 'retain', '--retain-days', '7');
      const [, policyChanged] = await eventsOf(data, 'acme', 2);
      expect(policyChanged).toMatchObject({
        id: expect.stringMatching(/:scim\.tenant\.policy_changed$/),
        tenantId: 'acme',
        policy: { deletion: { mode: 'retain', days: 7 } },
      });
      const fromDefault = await scimRequest(`${endpoint.tenantUrl}/Users`, 'GET', auth(endpoint.token));
      expect(fromDefault.body.totalResults).toBe(0);
      const listed = await admin(data, 'tokens', 'list', 'acme');
      expect(listed.stdout).toContain('Entra');
      expect(listed.stdout).not.toContain(acme);
    } finally {
      const endpointFile = join(data, 'endpoint.json');
      const { dynamodbEndpoint } = JSON.parse(readFileSync(endpointFile, 'utf8')) as {
        dynamodbEndpoint: string;
      };
      expect(await endpoint.stop()).toBe(0);
      // Ctrl-C stops DynamoDB Local too: nothing answers on its port any more.
      await expect(fetch(dynamodbEndpoint)).rejects.toThrow();
      expect(existsSync(endpointFile)).toBe(false);
    }
  }, 120_000);

  it('serves the token endpoint: a client made with `clients create --local` gets an access token, and Basic works (with --no-events and --no-lifecycle, as the bench runs it)', async () => {
    const data = mkdtempSync(join(tmpdir(), 'scim-local-'));
    const endpoint = await start(data, ['--in-memory', '--no-events', '--no-lifecycle']);
    try {
      expect(endpoint.tokenEndpoint).toBe(endpoint.tenantUrl.replace(/\/scim\/v2$/, '/oauth2/token'));
      const { stdout } = await admin(data, 'clients', 'create', 'default', '--label', 'Entra', '--json');
      const { clientId, clientSecret } = JSON.parse(stdout) as { clientId: string; clientSecret: string };
      const basic = `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`;
      // Entra's OAuth2 Client Credentials Grant: HTTP Basic (client_secret_basic), as it sends by default.
      const granted = await fetch(endpoint.tokenEndpoint, {
        method: 'POST',
        headers: { Authorization: basic, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=client_credentials',
      });
      expect(granted.status).toBe(200);
      const { access_token } = (await granted.json()) as { access_token: string };
      // The access token, and Okta's Basic Auth with the same client, reach the default tenant's users.
      for (const authorization of [`Bearer ${access_token}`, basic]) {
        const probe = await scimRequest(`${endpoint.tenantUrl}/Users?count=1`, 'GET', {
          Authorization: authorization,
        });
        expect(probe).toMatchObject({ status: 200, body: { totalResults: 0 } });
      }
    } finally {
      expect(await endpoint.stop()).toBe(0);
    }
  }, 120_000);

  it('refuses to listen on an address other machines can reach', async () => {
    const data = mkdtempSync(join(tmpdir(), 'scim-local-'));
    const refused = await run(
      process.execPath,
      [TSX, 'bin/local-server.ts', '--data-dir', data, '--host', '0.0.0.0'],
      {
        cwd: ROOT,
      },
    ).catch((error: { code: number; stderr: string }) => error);
    expect(refused).toMatchObject({ code: 2, stderr: expect.stringContaining('not a loopback address') });
    expect(existsSync(join(data, 'endpoint.json'))).toBe(false);
  }, 60_000);

  it('keeps data and the default token across restarts in its data folder', async () => {
    const data = mkdtempSync(join(tmpdir(), 'scim-local-'));
    const first = await start(data);
    const headers = { Authorization: `Bearer ${first.token}`, 'Content-Type': 'application/scim+json' };
    const created = await scimRequest(
      `${first.tenantUrl}/Users`,
      'POST',
      headers,
      userBody('kept@contoso.example'),
    );
    expect(created.status).toBe(201);
    const watching = follow(data, 'default');
    const renamed = await scimRequest(`${first.tenantUrl}/Users/${created.body.id}`, 'PATCH', headers, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'replace', path: 'displayName', value: 'Kept' }],
    });
    expect(renamed.status).toBeLessThan(300);
    // --follow prints the new event as it comes, and stops on Ctrl-C.
    expect(JSON.parse(await watching.line('scim.user.updated'))).toMatchObject({
      resourceId: created.body.id,
      changedAttributes: ['displayName'],
    });
    expect(await watching.stop()).toBe(0);
    expect(await first.stop()).toBe(0);

    const second = await start(data);
    try {
      expect(second.token).toBe(first.token);
      const fetched = await scimRequest(`${second.tenantUrl}/Users/${created.body.id}`, 'GET', headers);
      expect(fetched.body.userName).toBe('kept@contoso.example');
      // The events are kept too, each once: the stream reader went on from its checkpoint.
      const kept = await eventsOf(data, 'default', 2);
      expect(kept.map((e) => [String(e.id).split(':')[1], e.resourceId])).toEqual([
        ['scim.user.created', created.body.id],
        ['scim.user.updated', created.body.id],
      ]);
    } finally {
      await second.stop();
    }
  }, 120_000);
});
