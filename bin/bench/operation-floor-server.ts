import type { ServerSpec } from './server-process';

/**
 * The SDK floor of the operation classes as a server to measure (operation-floor.ts): a bare HTTP server
 * on loopback that makes, for each class, our handler's DynamoDB calls with the AWS SDK, on its own
 * DynamoDB Local (a java child process, not counted, as ours).
 */
export function operationFloorServer(_dataDirectory: string): ServerSpec {
  return {
    name: 'floor: the same DynamoDB calls with the bare AWS SDK (no SCIM code)',
    short: 'floor',
    args: ['--import', 'tsx', 'bin/bench/operation-floor.ts'],
    expectJavaChild: true,
  };
}
