import { afterEach, describe, expect, it } from 'vitest';
import { defaultProvider } from '../../../functions/storage/default-provider';

/**
 * The Lambda bundles' credential chain (lib/scim-function.ts aliases @aws-sdk/credential-provider-node to
 * it): the execution role's keys from the environment, where Lambda puts them. No mock: the real
 * fromEnv reads this process's environment.
 */
const NAMES = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_CREDENTIAL_EXPIRATION',
];
const saved = Object.fromEntries(NAMES.map((name) => [name, process.env[name]]));

afterEach(() => {
  for (const name of NAMES) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});

describe('defaultProvider, as the Lambda bundles resolve credentials', () => {
  it('gives the execution role keys Lambda sets in the environment', async () => {
    Object.assign(process.env, {
      AWS_ACCESS_KEY_ID: 'ASIAEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'secret-example',
      AWS_SESSION_TOKEN: 'session-example',
    });
    await expect(defaultProvider({})()).resolves.toMatchObject({
      accessKeyId: 'ASIAEXAMPLE',
      secretAccessKey: 'secret-example',
      sessionToken: 'session-example',
    });
  });

  it('rejects as a credentials-provider error, not a refusal, when the environment has none', async () => {
    for (const name of NAMES) delete process.env[name];
    await expect(defaultProvider()()).rejects.toMatchObject({ name: 'CredentialsProviderError' });
  });
});
