import { join } from 'node:path';
import { packageVersion } from './package-version';
import type { ServerSpec } from './server-process';

/**
 * This project as the bench measures it: `npm start`'s local endpoint on DynamoDB Local in memory, with
 * --no-events and --no-lifecycle, so that its CPU is the request path's: the provisioning events are
 * another function's work in AWS, and the local stand-ins for Time to Live and the daily sweep (a Scan of
 * the data table every minute) are DynamoDB's and another function's; here they would count as the
 * request's.
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
      '--no-lifecycle',
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
