import { describe, expect, it } from 'vitest';
import { dynamoEndpoint } from '../../support/scim-server';
import { isLoopback, listeningSockets } from '../listening-sockets';

describe('what counts as listening on this machine only', () => {
  it.each([
    { address: '127.0.0.1', loopback: true },
    { address: '127.8.9.10', loopback: true },
    { address: '0:0:0:0:0:0:0:1', loopback: true },
    { address: '0:0:0:0:0:ffff:7f00:1', loopback: true },
    { address: '0.0.0.0', loopback: false },
    { address: '0:0:0:0:0:0:0:0', loopback: false },
    { address: '192.168.1.20', loopback: false },
    { address: '0:0:0:0:0:ffff:c0a8:114', loopback: false },
    { address: 'fe80:0:0:0:0:0:0:1', loopback: false },
  ])('$address: $loopback', ({ address, loopback }) => {
    expect(isLoopback(address)).toBe(loopback);
  });
});

// /proc/net/tcp{,6} is Linux's: where it is missing there is no socket table to read.
describe.runIf(process.platform === 'linux')('the DynamoDB Local that npm start and the tests launch', () => {
  it('listens on loopback only: the kernel shows no socket on its port on another address', () => {
    // The run's own DynamoDB Local (test/support/global-setup.ts), started by startDynamoDbLocal.
    const port = Number(new URL(dynamoEndpoint()).port);
    const onItsPort = listeningSockets().filter((socket) => socket.port === port);
    expect(onItsPort).not.toEqual([]);
    expect(onItsPort.filter((socket) => !isLoopback(socket.address))).toEqual([]);
  });
});
