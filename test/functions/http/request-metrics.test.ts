import { Metrics } from '@aws-lambda-powertools/metrics';
import type { APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { QUARANTINE_WEIGHT } from '../../../functions/config';
import type { RequestLogSink } from '../../../functions/scim/request-log-port';
import { contributions } from '../../lib/insight-rule';
import { rendered, synthesize } from '../../lib/synth';
import { type CapturedOutput, captureOutput } from '../../support/captured-output';
import type { TestServer, TestTenant } from '../../support/scim-server';
import { userBody } from '../../support/users';

/**
 * Issue 14: the metrics (docs/metrics.md) as the real handlers emit them, as EMF lines on stdout, behind the
 * local gateway on DynamoDB Local. Their names and dimensions are a contract with the dashboard and the
 * alarms. Metrics are off in the tests (test/support/environment.ts): this file turns them on and imports the
 * handlers afresh, since they read the environment once, at import.
 */
const SERVICE = 'ScimMetricsTest';
let start: typeof import('../../support/scim-server').startScimServer;
let authorizer: typeof import('../../../functions/authorizer').handler;
let server: TestServer;
let tenant: TestTenant;

beforeAll(async () => {
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
  vi.stubEnv('POWERTOOLS_SERVICE_NAME', SERVICE);
  vi.resetModules();
  start = (await import('../../support/scim-server')).startScimServer;
  authorizer = (await import('../../../functions/authorizer')).handler;
  server = await start();
  tenant = await server.newTenant();
});
afterAll(async () => {
  await server.close();
  vi.unstubAllEnvs();
  vi.resetModules();
});

// biome-ignore lint/suspicious/noExplicitAny: EMF lines are inspected freely in assertions
type Emf = any;
/** The EMF lines of the output: those with CloudWatch's `_aws` metadata. */
const emfLines = (output: CapturedOutput): Emf[] => output.json().filter((line) => line._aws !== undefined);
/** An EMF line by the names of its metrics. */
const lineOf = (output: CapturedOutput, ...names: string[]): Emf | undefined =>
  emfLines(output).find(
    (line) =>
      JSON.stringify(line._aws.CloudWatchMetrics[0].Metrics.map((m: { Name: string }) => m.Name)) ===
      JSON.stringify(names),
  );
const dimensionsOf = (line: Emf): string[][] => line._aws.CloudWatchMetrics[0].Dimensions;

/** Runs `work` with the output captured; the captured output, whatever `work` did. */
async function captured(work: () => Promise<unknown>): Promise<CapturedOutput> {
  const output = captureOutput();
  try {
    await work();
  } finally {
    output.restore();
  }
  return output;
}

const ADA = 'ada.metrics@contoso.example';

describe('the request metrics', () => {
  const PATCH = {
    schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
    Operations: [{ op: 'replace', path: 'displayName', value: 'Analytical Engine' }],
  };
  it.each([
    {
      what: 'a create',
      method: 'POST',
      path: '/Users',
      body: userBody(ADA),
      status: 201,
      scimType: undefined,
    },
    {
      what: 'a duplicate',
      method: 'POST',
      path: '/Users',
      body: userBody(ADA),
      status: 409,
      scimType: 'uniqueness',
    },
    {
      what: 'a bad filter',
      method: 'GET',
      path: `/Users?filter=userName%20eq%20%22${ADA}`,
      body: undefined,
      status: 400,
      scimType: 'invalidFilter',
    },
    {
      what: 'a missing user',
      method: 'GET',
      path: '/Users/no-such-id',
      body: undefined,
      status: 404,
      scimType: 'none',
    },
    {
      what: 'a missing group',
      method: 'PATCH',
      path: '/Groups/no-such-id',
      body: PATCH,
      status: 404,
      scimType: 'none',
    },
  ])('$what: $method $path is $status', async ({ method, path, body, status, scimType }) => {
    let answered = 0;
    const output = await captured(async () => {
      answered = (await tenant.request(method, path, body)).status;
    });
    expect(answered).toBe(status);
    const route = path.replace(/\?.*$/, '').replace(/\/no-such-id$/, '/{id}');
    const request = lineOf(output, 'Requests', 'Failures', 'Latency');
    expect(request?._aws.CloudWatchMetrics[0]).toEqual({
      Namespace: 'ScimEndpoint',
      Dimensions: [['service', 'operation']],
      Metrics: [
        { Name: 'Requests', Unit: 'Count' },
        { Name: 'Failures', Unit: 'Count' },
        { Name: 'Latency', Unit: 'Milliseconds' },
      ],
    });
    expect(request).toMatchObject({
      service: SERVICE,
      operation: `${method} /scim/v2${route}`,
      Requests: 1,
      Failures: status >= 400 ? 1 : 0,
      Latency: expect.any(Number),
      // A property, never a dimension: one metric per tenant would cost $0.30 a month each.
      tenant: tenant.tenantId,
      // A JSON number, which the stack's quarantine-risk rule sums (lib/tenant-insights.ts).
      [QUARANTINE_WEIGHT.field]: status >= 400 ? QUARANTINE_WEIGHT.failed : QUARANTINE_WEIGHT.succeeded,
    });
    const byType = lineOf(output, 'FailuresByType');
    if (status < 400) expect(byType).toBeUndefined();
    else {
      expect(dimensionsOf(byType)).toEqual([['service', 'status', 'scimType']]);
      expect(byType).toMatchObject({ service: SERVICE, status: String(status), scimType, FailuresByType: 1 });
      expect(byType.tenant).toBe(tenant.tenantId);
    }
    for (const line of emfLines(output)) expect(dimensionsOf(line).flat()).not.toContain('tenant');
    // No credential, no attribute value and no filter value in any line, EMF or log.
    const all = output.lines().join('\n');
    for (const secret of [tenant.token, ADA, 'ada metrics', 'Engineering', 'Analytical Engine'])
      expect(all).not.toContain(secret);
  });

  it("weighs a tenant's quarantine risk as the stack's Contributor Insights rule reads it", async () => {
    const weighed = await server.newTenant();
    const output = await captured(async () => {
      for (const email of ['w1', 'w2'].map((n) => `${n}.metrics@contoso.example`))
        await weighed.request('POST', '/Users', userBody(email));
      for (let i = 0; i < 3; i += 1) await weighed.request('GET', '/Users/no-such-id');
    });
    const [, rule] =
      synthesize({})
        .resources('AWS::CloudWatch::InsightRule')
        .find(([id]) => id.includes('TenantQuarantineRisk')) ?? [];
    const body = rendered(rule?.Properties.RuleBody);
    // Three failures and two successes: 3 × 0.6 − 2 × 0.4.
    const sum = contributions(body, emfLines(output)).get(weighed.tenantId) ?? Number.NaN;
    expect(Math.round(sum * 1000) / 1000).toBe(1);
  });

  it('a failure to emit changes nothing in the answer, and says so in the log', async () => {
    // A mock, named: Powertools' flush, made to throw.
    const publish = vi.spyOn(Metrics.prototype, 'publishStoredMetrics').mockImplementation(() => {
      throw new Error('stdout gone');
    });
    let status = 0;
    const output = await captured(async () => {
      status = (await tenant.request('POST', '/Users', userBody('grace.metrics@contoso.example'))).status;
    });
    publish.mockRestore();
    expect(status).toBe(201);
    expect(output.json().map((line) => line.message)).toContain('metrics not emitted');
  });

  it('counts a request-log line not written (RequestLogNotWritten, by service), and keeps the log line', async () => {
    // A mock, named: a request log that fails every write.
    const failing: RequestLogSink = { write: () => Promise.reject(new Error('log table down')) };
    const broken = await start(undefined, { requestLog: failing });
    let status = 0;
    const output = await captured(async () => {
      const t = await broken.newTenant();
      status = (await t.request('POST', '/Users', userBody('hedy.metrics@contoso.example'))).status;
    });
    await broken.close();
    expect(status).toBe(201);
    const line = lineOf(output, 'RequestLogNotWritten');
    expect(dimensionsOf(line)).toEqual([['service']]);
    expect(line).toMatchObject({ service: SERVICE, RequestLogNotWritten: 1 });
    expect(output.json().map((l) => l.message)).toContain('request log not written');
  });
});

describe('the authorizer metrics', () => {
  const event = (authorization: string) =>
    ({
      type: 'REQUEST',
      methodArn: 'arn:aws:execute-api:eu-west-1:111111111111:abc123/prod/GET/scim/v2/Users',
      httpMethod: 'GET',
      path: '/scim/v2/Users',
      headers: { authorization },
      queryStringParameters: {},
      requestContext: { requestId: 'metrics-test' },
    }) as unknown as APIGatewayRequestAuthorizerEvent;

  it.each([
    { what: 'a malformed token', reason: 'malformed', disabled: false },
    { what: "an inactive tenant's token", reason: 'inactive_tenant', disabled: true },
  ])('counts $what as AuthorizerRefusals by reason $reason', async ({ reason, disabled }) => {
    const refused = await server.newTenant();
    if (disabled) await server.tokens.updateTenant(refused.tenantId, { status: 'disabled' });
    const header = disabled ? `Bearer ${refused.token}` : 'Bearer not-a-token';
    const output = await captured(() => expect(authorizer(event(header))).rejects.toThrow(/^Unauthorized$/));
    const line = lineOf(output, 'AuthorizerRefusals');
    expect(dimensionsOf(line)).toEqual([['service', 'reason']]);
    expect(line).toMatchObject({ service: SERVICE, reason, AuthorizerRefusals: 1 });
    expect(line.tenant).toBe(disabled ? refused.tenantId : undefined);
    expect(output.lines().join('\n')).not.toContain(refused.token);
  });
});
