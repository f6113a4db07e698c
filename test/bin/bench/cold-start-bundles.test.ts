import { describe, expect, it } from 'vitest';
import type { BenchReport, ColdStart } from '../../../bin/bench/bench-report';
import { bundlesOf } from '../../../bin/bench/cold-start-bundles';

type Resources = Parameters<typeof bundlesOf>[0]['Resources'];

import { evaluateTargets } from '../../../bin/bench/evaluate-targets';
import { probeEvents } from '../../../bin/bench/probe-events';

const fn = (asset: string, nodeOptions?: unknown) => ({
  Type: 'AWS::Lambda::Function',
  Metadata: { 'aws:asset:path': asset },
  Properties: { Environment: { Variables: nodeOptions === undefined ? {} : { NODE_OPTIONS: nodeOptions } } },
});

describe('bundlesOf', () => {
  it.each([
    {
      why: 'a function of the stack: its bundle and its NODE_OPTIONS',
      resources: { ScimUsersFunction61A71FD9: fn('asset.u', '--enable-source-maps') },
      expected: { users: { path: '/out/asset.u/index.js', nodeOptions: '--enable-source-maps' } },
    },
    {
      why: 'no NODE_OPTIONS (or one made of a reference): none',
      resources: { ScimTokenFunction2E4DD258: fn('asset.t', { Ref: 'x' }) },
      expected: { token: { path: '/out/asset.t/index.js', nodeOptions: '' } },
    },
    {
      why: 'neither another resource type nor a function without an asset',
      resources: {
        ScimEventsFunctionX: { Type: 'AWS::Lambda::EventSourceMapping' },
        ScimLifecycleFunctionY: { Type: 'AWS::Lambda::Function' },
      },
      expected: {},
    },
  ] as { why: string; resources: Resources; expected: unknown }[])('$why', ({ resources, expected }) => {
    expect(bundlesOf({ Resources: resources }, '/out')).toEqual(expected);
  });
});

describe('probeEvents', () => {
  it('has a request for every function of the stack, and the floor', () => {
    const events = probeEvents({ tenantId: 't-1', token: 'secret' } as never);
    expect(Object.keys(events).sort()).toEqual(
      ['admin', 'authorizer', 'discovery', 'events', 'floor', 'groups', 'lifecycle', 'token', 'users'].sort(),
    );
  });
});

const start = (name: string, kb: number): ColdStart => ({
  function: name,
  bundleBytes: kb * 1024,
  importAndFirstRequestMs: 100,
  processMs: 200,
  ratioToFloor: 1,
});

const withStarts = (functions: ColdStart[]): BenchReport => ({
  date: '2026-01-01',
  command: 'npm run bench',
  machine: {},
  sizes: { smallTenant: 100, largeTenant: 200, members: 10, userGroups: 1, handlerUsers: 1, runs: 1 },
  coldStarts: { runs: 1, nodeOptions: '--enable-source-maps', floor: start('floor', 300), functions },
});

describe('the bundle size target', () => {
  it.each([
    {
      sizes: [
        ['users', 120],
        ['discovery', 40],
      ],
      met: true,
      figure: 'users 120 KB, discovery 40 KB',
    },
    {
      sizes: [
        ['users', 448],
        ['discovery', 40],
      ],
      met: false,
      figure: 'users 448 KB (over), discovery 40 KB',
    },
    { sizes: [['admin', 300]], met: false, figure: 'admin 300 KB (over)' },
  ] as const)('$figure: met $met', ({ sizes, met, figure }) => {
    const targets = evaluateTargets(withStarts(sizes.map(([name, kb]) => start(name, kb))));
    expect(targets.find((t) => t.target.includes('under 300 KB'))).toMatchObject({ met, figure });
  });
});
