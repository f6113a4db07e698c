/**
 * Issue 9 §4, end to end: bodies built to make the work outgrow the input, near the body limits (1 MiB for
 * Users, 4.5 MiB for Groups), through the local gateway and the real handlers on DynamoDB Local. Each gets
 * its correct answer (2xx, or a SCIM 400 that writes nothing), and the steps the SCIM core counts
 * (functions/scim/work-meter.ts; the handlers run in this process) stay within a few per byte of the body.
 * Before the fixes these requests held the function from 9 s to minutes, beyond the test timeout.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workMeter } from '../../functions/scim/work-meter';
import { MAX_EMAILS } from '../../functions/storage/table-design';
import { GROUP_SCHEMA } from '../support/groups';
import { startScimServer, type TestServer, type TestTenant } from '../support/scim-server';
import { userBody } from '../support/users';
import { expectScimError, rawRequest } from './helpers';

const MiB = 1024 * 1024;
const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const SEARCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';
const uuid = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
const patch = (...operations: unknown[]) => ({ schemas: [PATCH_SCHEMA], Operations: operations });
const emails = (count: number, value: (i: number) => string) =>
  Array.from({ length: count }, (_, i) => ({ value: value(i), type: `t${i}` }));

let server: TestServer;
let tenant: TestTenant;
let userId: string;
let memberId: string;
let groupId: string;

beforeAll(async () => {
  server = await startScimServer();
  tenant = await server.newTenant();
  const create = async (path: string, body: unknown) => {
    const response = await tenant.request('POST', path, body);
    if (response.status !== 201) throw new Error(`${path}: ${response.status} ${response.text}`);
    return response.body.id as string;
  };
  userId = await create(
    '/Users',
    userBody('linear@contoso.example', { emails: emails(MAX_EMAILS, (i) => `e${i}@x.example`) }),
  );
  memberId = await create('/Users', userBody('linear.member@contoso.example'));
  groupId = await create('/Groups', {
    schemas: [GROUP_SCHEMA],
    displayName: 'Linear',
    members: [{ value: memberId }],
  });
});
afterAll(() => server.close());

interface LinearCase {
  readonly name: string;
  readonly method: 'POST' | 'PATCH';
  /** `{user}` and `{group}` are filled in. */
  readonly path: string;
  readonly body: () => unknown;
  readonly status: number;
  readonly scimType?: string;
}

const filteredRemoves = (count: number) =>
  Array.from({ length: count }, (_, i) => ({
    op: 'remove',
    path: `members[value eq "${uuid(i * 7)}" and type eq "User"]`,
  }));

// biome-ignore format: a data table reads best one case per line
const CASES: readonly LinearCase[] = [
  { name: "a Users search whose attributes are 1 MiB of '['", method: 'POST', path: '/Users/.search', body: () => ({ schemas: [SEARCH_SCHEMA], attributes: '['.repeat(MiB - 100) }), status: 200 },
  { name: "a Groups search whose attributes are 4.4 MiB of '['", method: 'POST', path: '/Groups/.search', body: () => ({ schemas: [SEARCH_SCHEMA], attributes: '['.repeat(4.4 * MiB) }), status: 200 },
  { name: 'a Users search listing emails.value 65,000 times', method: 'POST', path: '/Users/.search', body: () => ({ schemas: [SEARCH_SCHEMA], attributes: Array(65_000).fill('emails.value') }), status: 200 },
  { name: 'a Groups search listing members.value 300,000 times', method: 'POST', path: '/Groups/.search', body: () => ({ schemas: [SEARCH_SCHEMA], attributes: Array(300_000).fill('members.value').join(',') }), status: 200 },
  { name: 'a filter comparing with 16,000 combining marks', method: 'POST', path: '/Users/.search', body: () => ({ schemas: [SEARCH_SCHEMA], filter: `title co "a${'\u0301\u0316'.repeat(8000)}"` }), status: 200 },
  { name: '1 MiB of adds of 40 emails (as many as a user may have) into those 40', method: 'PATCH', path: '/Users/{user}', body: () => patch(...Array.from({ length: 300 }, () => ({ op: 'add', path: 'emails', value: emails(MAX_EMAILS, (i) => `E${i}@X.EXAMPLE`) }))), status: 204 },
  { name: '100 emails of 2,000 combining marks (over 96 KB once merged)', method: 'PATCH', path: '/Users/{user}', body: () => patch({ op: 'add', path: 'emails', value: emails(100, (i) => `${i}${'\u0301'.repeat(2000)}`) }), status: 400, scimType: 'invalidValue' },
  { name: '200 removes by value filters of 200 expressions that match nothing', method: 'PATCH', path: '/Users/{user}', body: () => patch(...Array.from({ length: 200 }, () => ({ op: 'remove', path: `emails[${Array(200).fill('value eq "q"').join(' or ')}]` }))), status: 400, scimType: 'tooMany' },
  { name: 'replace 40,000 members, then 998 filtered removes naming one each', method: 'PATCH', path: '/Groups/{group}', body: () => patch({ op: 'replace', path: 'members', value: Array.from({ length: 40_000 }, (_, i) => ({ value: uuid(i) })) }, ...filteredRemoves(998), { op: 'remove', path: 'members[type eq "User"]' }), status: 204 },
  { name: '1,000 removes by a member filter that names no member', method: 'PATCH', path: '/Groups/{group}', body: () => patch({ op: 'replace', path: 'members', value: Array.from({ length: 40_000 }, (_, i) => ({ value: uuid(i) })) }, ...Array.from({ length: 999 }, (_, i) => ({ op: 'remove', path: `members[display eq "d${i}"]` }))), status: 400, scimType: 'tooMany' },
];

const fill = (text: string) => text.replaceAll('{user}', userId).replaceAll('{group}', groupId);

describe('bodies built for quadratic work get their answer in linear work', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const body = JSON.stringify(c.body());
    const bytes = Buffer.byteLength(body);
    expect(bytes).toBeLessThanOrEqual(c.path.startsWith('/Groups') ? 4.5 * MiB : MiB);
    const before = await Promise.all([
      tenant.request('GET', `/Users/${userId}`),
      tenant.request('GET', `/Groups/${groupId}`),
    ]);
    workMeter.steps = 0;
    const response = await rawRequest(
      server.baseUrl,
      c.method,
      fill(c.path),
      { Authorization: `Bearer ${tenant.token}`, 'Content-Type': 'application/scim+json' },
      body,
    );
    const steps = workMeter.steps;
    if (c.status >= 400) {
      expectScimError(response, c.status, c.scimType, c.name);
      const after = await Promise.all([
        tenant.request('GET', `/Users/${userId}`),
        tenant.request('GET', `/Groups/${groupId}`),
      ]);
      expect(
        after.map((r) => r.body),
        'nothing written',
      ).toEqual(before.map((r) => r.body));
    } else {
      expect(response.status, response.text.slice(0, 300)).toBe(c.status);
    }
    expect(steps / bytes, `${steps} steps for ${bytes} bytes`).toBeLessThan(20);
  });

  it('left the group without members after the replace and removes', async () => {
    const group = await tenant.request('GET', `/Groups/${groupId}`);
    expect(group.status).toBe(200);
    expect(group.body.members ?? []).toEqual([]);
  });
});
