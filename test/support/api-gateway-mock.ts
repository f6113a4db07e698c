import { type APIGatewayClient, ConflictException, NotFoundException } from '@aws-sdk/client-api-gateway';

type Input = Record<string, unknown>;

export interface ApiGatewayMockOptions {
  /** Usage plan id → the API stages it covers. Default: plan-standard, plan-large, plan-xlarge on one stage. */
  readonly plans?: Readonly<Record<string, readonly string[]>>;
  /**
   * Failures injected: called before each command is applied ('before': it fails, nothing changes) and after
   * ('after': it is applied but its answer is lost, as when a connection drops). Return an error to throw it.
   */
  readonly fail?: (command: string, input: Input, phase: 'before' | 'after') => Error | undefined;
}

interface MockKey {
  readonly id: string;
  readonly value: string;
  readonly name: string;
  readonly tags: Record<string, string>;
}

const DEFAULT_PLANS = {
  'plan-standard': ['api1/prod'],
  'plan-large': ['api1/prod'],
  'plan-xlarge': ['api1/prod'],
};

const conflict = (message: string) => new ConflictException({ message, $metadata: { httpStatusCode: 409 } });
const notFound = (message: string) => new NotFoundException({ message, $metadata: { httpStatusCode: 404 } });

/**
 * A mock of API Gateway's key management (API Gateway has no local form). It keeps API keys and usage-plan
 * keys, and refuses what API Gateway refuses:
 * - a key in two usage plans that cover the same API stage, or twice in one plan: ConflictException
 *   (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-create-usage-plans.html,
 *   https://docs.aws.amazon.com/apigateway/latest/api/API_CreateUsagePlanKey.html);
 * - an unknown plan, key or usage-plan key: NotFoundException;
 * - a second key with the same value: ConflictException (values are unique; names are not).
 * GetApiKeys pages (25 by default) and its `nameQuery` matches name prefixes. Each call yields to the event
 * loop first, so that concurrent callers interleave as they would over the network.
 */
export function apiGatewayMock(options: ApiGatewayMockOptions = {}) {
  const plans: Readonly<Record<string, readonly string[]>> = options.plans ?? DEFAULT_PLANS;
  const calls: { command: string; input: Input }[] = [];
  const keys = new Map<string, MockKey>();
  const planKeys = new Map<string, Set<string>>(Object.keys(plans).map((p) => [p, new Set<string>()]));
  let next = 0;

  const plan = (id: unknown) => {
    const members = planKeys.get(String(id));
    if (members === undefined) throw notFound(`Invalid Usage Plan ID specified: ${String(id)}`);
    return members;
  };
  const key = (id: unknown) => {
    const found = keys.get(String(id));
    if (found === undefined) throw notFound(`Invalid API Key identifier specified: ${String(id)}`);
    return found;
  };

  const handlers: Record<string, (input: Input) => unknown> = {
    CreateApiKey: (input) => {
      const value = typeof input.value === 'string' ? input.value : `value${next + 1}`;
      if ([...keys.values()].some((k) => k.value === value)) throw conflict('API Key value already exists');
      next++;
      const created: MockKey = {
        id: `key${next}`,
        value,
        name: String(input.name ?? ''),
        tags: { ...((input.tags as Record<string, string> | undefined) ?? {}) },
      };
      keys.set(created.id, created);
      return { ...created, enabled: input.enabled ?? false };
    },
    GetApiKeys: (input) => {
      const all = [...keys.values()].filter(
        (k) => typeof input.nameQuery !== 'string' || k.name.startsWith(input.nameQuery),
      );
      const start = Number(input.position ?? 0);
      const limit = Number(input.limit ?? 25);
      const page = all.slice(start, start + limit).map(({ value, ...rest }) => ({
        ...rest,
        ...(input.includeValues === true ? { value } : {}),
      }));
      return { items: page, ...(start + limit < all.length ? { position: String(start + limit) } : {}) };
    },
    DeleteApiKey: (input) => {
      key(input.apiKey);
      keys.delete(String(input.apiKey));
      for (const members of planKeys.values()) members.delete(String(input.apiKey));
      return {};
    },
    CreateUsagePlanKey: (input) => {
      const members = plan(input.usagePlanId);
      const found = key(input.keyId);
      if (members.has(found.id))
        throw conflict(`Usage Plan ${input.usagePlanId} already has key ${found.id}`);
      const stages = new Set(plans[String(input.usagePlanId)]);
      for (const [other, otherMembers] of planKeys) {
        if (otherMembers.has(found.id) && (plans[other] ?? []).some((s) => stages.has(s))) {
          throw conflict(
            `Usage Plan ${input.usagePlanId} cannot be added because API Key ${found.id} cannot reference multiple Usage Plans with the same API Stage`,
          );
        }
      }
      members.add(found.id);
      return { id: found.id, type: 'API_KEY', name: found.name, value: found.value };
    },
    GetUsagePlanKey: (input) => {
      const members = plan(input.usagePlanId);
      if (!members.has(String(input.keyId))) throw notFound('Invalid Usage Plan Key identifier specified');
      const found = key(input.keyId);
      return { id: found.id, type: 'API_KEY', name: found.name, value: found.value };
    },
    DeleteUsagePlanKey: (input) => {
      const members = plan(input.usagePlanId);
      if (!members.delete(String(input.keyId))) throw notFound('Invalid Usage Plan Key identifier specified');
      return {};
    },
  };

  const client = {
    send: async (command: { constructor: { name: string }; input: Input }) => {
      const name = command.constructor.name.replace(/Command$/, '');
      calls.push({ command: name, input: command.input });
      await new Promise((resolve) => setImmediate(resolve));
      const before = options.fail?.(name, command.input, 'before');
      if (before !== undefined) throw before;
      const handler = handlers[name];
      if (handler === undefined) throw new Error(`apiGatewayMock does not model ${name}`);
      const output = handler(command.input);
      const after = options.fail?.(name, command.input, 'after');
      if (after !== undefined) throw after;
      return output;
    },
  } as unknown as APIGatewayClient;

  return {
    client,
    calls,
    /** The API keys that exist now. */
    keys: () => [...keys.values()],
    /** The usage plans a key is in now. */
    plansOf: (keyId: string) => [...planKeys].filter(([, m]) => m.has(keyId)).map(([p]) => p),
  };
}
