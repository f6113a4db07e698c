import { join } from 'node:path';
import { packageVersion } from './package-version';
import type { ServerSpec } from './server-process';

/**
 * This project as the bench measures it: `npm start`'s local endpoint on DynamoDB Local in memory, with
 * --no-events, so that its CPU is the request path's (the provisioning events are another function's work
 * in AWS, and would count here as the request's).
 */
export function oursServer(dataDirectory: string): ServerSpec {
  return {
    name: 'this project (local endpoint on DynamoDB Local)',
    short: 'this project',
    args: [
      '--import',
      'tsx',
      'bin/local-server.ts',
      '--in-memory',
      '--no-events',
      '--data-dir',
      dataDirectory,
    ],
    expectJavaChild: true,
  };
}

/** The SCIMMY peer (bin/bench/scimmy-peer.mjs), in memory, named with the versions it ran. */
export function peerServer(expressVersion: (version: string) => string = (v) => v): ServerSpec {
  return {
    name:
      `SCIMMY ${packageVersion('scimmy')} + scimmy-routers ${packageVersion('scimmy-routers')} ` +
      `on express ${expressVersion(packageVersion('express'))} (in-memory)`,
    short: 'SCIMMY',
    args: [join('bin', 'bench', 'scimmy-peer.mjs')],
    expectJavaChild: false,
  };
}
