import type { APIGatewayClient } from '@aws-sdk/client-api-gateway';

/**
 * A mock of API Gateway's key management (API Gateway has no local form): it records the commands sent
 * and answers CreateApiKey with an id and value.
 */
export function apiGatewayMock() {
  const calls: { command: string; input: Record<string, unknown> }[] = [];
  let next = 0;
  const client = {
    send: async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
      calls.push({ command: command.constructor.name.replace(/Command$/, ''), input: command.input });
      if (command.constructor.name === 'CreateApiKeyCommand') {
        next++;
        return { id: `key${next}`, value: `value${next}` };
      }
      return {};
    },
  } as unknown as APIGatewayClient;
  return { client, calls };
}
