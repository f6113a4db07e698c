import { describe, expect, it } from 'vitest';
import { asyncInvocation } from '../../../functions/storage/async-invoke';

describe('asyncInvocation', () => {
  it('queues the event as JSON for the function, without waiting for it (InvocationType Event)', () => {
    const input = asyncInvocation('ScimAdmin', { action: 'continuePurge', tenantId: 'acme', step: 2 });
    expect({ ...input, Payload: new TextDecoder().decode(input.Payload as Uint8Array) }).toEqual({
      FunctionName: 'ScimAdmin',
      InvocationType: 'Event',
      Payload: '{"action":"continuePurge","tenantId":"acme","step":2}',
    });
  });
});
