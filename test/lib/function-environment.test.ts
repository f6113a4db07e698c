/**
 * functions/config.ts: the environment the stack (lib/) gives each function and the function validates at
 * cold start. Here beside the stack's tests, since the names are the contract between the two. (The
 * DynamoDB Local endpoint variable is not named here: a test naming it runs in the integration project.)
 */
import { describe, expect, it } from 'vitest';
import {
  adminFunctionEnvironment,
  dataFunctionEnvironment,
  ENV,
  lifecycleFunctionEnvironment,
  readEnvironment,
  tokensFunctionEnvironment,
} from '../../functions/config';

const admin = {
  [ENV.TOKENS_TABLE_NAME]: 'tokens',
  [ENV.DATA_TABLE_NAME]: 'data',
  [ENV.USAGE_PLANS]: '{"standard":"plan-1"}',
  [ENV.DEFAULT_TIER]: 'standard',
  [ENV.API_KEY_NAME_PREFIX]: 'Stack-tenant-',
  [ENV.PURGE_SETTLE_SECONDS]: '330',
  [ENV.AWS_LAMBDA_FUNCTION_NAME]: 'Stack-Admin',
};

describe('the functions environment', () => {
  it('names each variable by itself, so that a name reads the same in lib/, the functions and the logs', () => {
    for (const [key, name] of Object.entries(ENV)) expect(name).toBe(key);
  });

  it.each<[string, Record<string, string>, Record<string, unknown>]>([
    [
      'a data function in AWS (region set by Lambda)',
      { [ENV.AWS_REGION]: 'eu-west-1', [ENV.TABLE_NAME]: 'data' },
      { [ENV.AWS_REGION]: 'eu-west-1', [ENV.TABLE_NAME]: 'data' },
    ],
    [
      'a data function run locally without a region',
      { [ENV.TABLE_NAME]: 'data' },
      { [ENV.AWS_REGION]: 'us-east-1', [ENV.TABLE_NAME]: 'data' },
    ],
  ])('reads %s', (_name, environment, expected) => {
    expect(readEnvironment(dataFunctionEnvironment, environment)).toMatchObject(expected);
  });

  it('reads the admin function’s JSON and numbers, retired tiers defaulting to none', () => {
    expect(readEnvironment(adminFunctionEnvironment, admin)).toMatchObject({
      [ENV.USAGE_PLANS]: { standard: 'plan-1' },
      [ENV.RETIRED_TIERS]: [],
      [ENV.PURGE_SETTLE_SECONDS]: 330,
    });
  });

  it.each<[string, () => unknown, RegExp]>([
    [
      'a data function without its table',
      () => readEnvironment(dataFunctionEnvironment, {}),
      /Invalid environment: TABLE_NAME/,
    ],
    [
      'an empty table name',
      () => readEnvironment(tokensFunctionEnvironment, { [ENV.TOKENS_TABLE_NAME]: '' }),
      /TOKENS_TABLE_NAME must not be empty/,
    ],
    [
      'usage plans that are not JSON',
      () => readEnvironment(adminFunctionEnvironment, { ...admin, [ENV.USAGE_PLANS]: 'standard=plan-1' }),
      /Invalid environment: USAGE_PLANS/,
    ],
    [
      'a settle time that is not a whole number',
      () => readEnvironment(adminFunctionEnvironment, { ...admin, [ENV.PURGE_SETTLE_SECONDS]: '1.5' }),
      /Invalid environment: PURGE_SETTLE_SECONDS/,
    ],
    [
      'a lifecycle function without the data table, which it sweeps',
      () =>
        readEnvironment(lifecycleFunctionEnvironment, {
          [ENV.TOKENS_TABLE_NAME]: 'tokens',
          [ENV.AWS_LAMBDA_FUNCTION_NAME]: 'Stack-Lifecycle',
        }),
      /Invalid environment: DATA_TABLE_NAME/,
    ],
  ])('refuses %s at cold start, naming the variable', (_name, read, message) => {
    expect(read).toThrow(message);
  });
});
