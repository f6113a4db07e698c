import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminCommands } from '../../functions/admin/admin-commands';
import { SCIM_GATEWAY_RESPONSES } from '../../lib/scim-gateway-responses';
import entraUsers from '../fixtures/sequences/entra-users-aadoptscim062020.json';
import { startScimServer, type TestServer } from '../support/scim-server';
import { type TierCheck, tierProblems } from './driver/exceed-tier';
import { replaySequence, type Sequence } from './driver/replay-sequence';
import { verifyDeployment } from './driver/verify-deployment';

const THROTTLED = SCIM_GATEWAY_RESPONSES.find((r) => r.type.responseType === 'THROTTLED');

/**
 * Mock of API Gateway's usage-plan throttling, in front of the local endpoint: it forwards a tenant's
 * first `burst` requests and answers the rest with the THROTTLED gateway response exactly as
 * lib/scim-gateway-responses.ts configures it (status, headers, SCIM body). The local gateway itself has
 * no usage plans.
 */
function throttlingGatewayMock(target: string, burst: number): Server {
  let tokens = burst;
  return createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    if (tokens <= 0 && THROTTLED !== undefined) {
      const body = JSON.stringify({
        schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
        detail: THROTTLED.detail,
        status: String(THROTTLED.status),
      });
      response.writeHead(THROTTLED.status, { 'Content-Type': 'application/scim+json', ...THROTTLED.headers });
      response.end(body);
      return;
    }
    tokens--;
    const forwarded = await fetch(`${target}${request.url?.replace(/^\/scim\/v2/, '')}`, {
      method: request.method ?? 'GET',
      headers: Object.fromEntries(
        ['authorization', 'content-type'].flatMap((h) =>
          request.headers[h] ? [[h, String(request.headers[h])]] : [],
        ),
      ),
      ...(chunks.length > 0 ? { body: Buffer.concat(chunks) } : {}),
    });
    response.writeHead(forwarded.status, Object.fromEntries(forwarded.headers));
    response.end(Buffer.from(await forwarded.arrayBuffer()));
  });
}

let server: TestServer;
let gateway: Server;
let gatewayUrl: string;

beforeAll(async () => {
  server = await startScimServer();
  // 40 sequence steps and probes fit in the burst; the tier check then meets the limit.
  gateway = throttlingGatewayMock(server.baseUrl, 60);
  await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
  gatewayUrl = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/scim/v2`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => gateway.close(() => resolve()));
  await server.close();
});

describe('the integration test driver (what npm run integ runs in AWS), on the local endpoint', () => {
  it('passes a deployment that answers the Entra sequence and throttles with a SCIM 429', async () => {
    const admin = adminCommands({
      tokens: server.tokens,
      clients: server.clients,
      usagePlans: {},
      defaultTier: 'standard',
    });
    const report = await verifyDeployment({
      tenantUrl: gatewayUrl,
      admin,
      readiness: { attempts: 1, intervalMillis: 0 },
      tier: { waveSize: 10, maxWaves: 5 },
    });
    expect(report.failures).toEqual([]);
    expect(report.tier?.statuses['429']).toBeGreaterThan(0);
    expect(report.cleanup).toBe('deleted');
    const after = await admin({ action: 'getTenant', tenantId: report.tenantId });
    expect(after.ok).toBe(false);
  });

  it('reports the first step that does not answer as recorded, and stops there', async () => {
    const failures = await replaySequence(entraUsers as Sequence, server.baseUrl, 'not-a-token', 'run1');
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatch(/Test Connection.*status 401, expected 200/);
  });

  const scim429 = {
    contentType: 'application/scim+json',
    retryAfter: '1',
    body: JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '429' }),
  };
  it.each<[string, TierCheck, string[]]>([
    [
      'nothing for a SCIM 429 with Retry-After',
      { requests: 75, statuses: { 200: 50, 429: 25 }, throttled: scim429 },
      [],
    ],
    [
      'a tier that never throttles',
      { requests: 500, statuses: { 200: 500 } },
      ["tier: no 429 after 500 requests beyond the tier's rate"],
    ],
    [
      "API Gateway's own 429, without the SCIM gateway response",
      {
        requests: 75,
        statuses: { 200: 50, 429: 25 },
        throttled: {
          contentType: 'application/json',
          retryAfter: null,
          body: '{"message":"Too Many Requests"}',
        },
      },
      [
        'tier: the 429 is application/json, not application/scim+json',
        'tier: the 429 is not a SCIM Error with status "429": {"message":"Too Many Requests"}',
        'tier: the 429 has no Retry-After header',
      ],
    ],
    [
      'failures of the functions during the burst',
      { requests: 75, statuses: { 200: 47, 429: 25, 502: 3 }, throttled: scim429 },
      ['tier: answers other than 200 and 429 during the burst: 502×3'],
    ],
  ])('the tier check reports %s', (_, check, problems) => {
    expect(tierProblems(check)).toEqual(problems);
  });
});
