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
    const timer = setTimeout(() => reject(new Error(`no Secret Token within 60 s:\n${output}`)), 60_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (/Secret Token: \S+/.test(output)) {
        clearTimeout(timer);
        resolve(output);
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', () => reject(new Error(`npm start exited:\n${output}`)));
  });
  return {
    process: child,
    tenantUrl: /Tenant URL: (\S+)/.exec(printed)?.[1] as string,
    token: /Secret Token: (\S+)/.exec(printed)?.[1] as string,
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
    expect(await first.stop()).toBe(0);

    const second = await start(data);
    try {
      expect(second.token).toBe(first.token);
      const fetched = await scimRequest(`${second.tenantUrl}/Users/${created.body.id}`, 'GET', headers);
      expect(fetched.body.userName).toBe('kept@contoso.example');
    } finally {
      await second.stop();
    }
  }, 120_000);
});
