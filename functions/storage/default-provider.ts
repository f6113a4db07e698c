/**
 * What the Lambda bundles use in place of `@aws-sdk/credential-provider-node`'s default credential chain
 * (lib/scim-function.ts aliases that package to this file; nothing imports it by name).
 *
 * In Lambda the execution role's credentials are always in the environment: "AWS_ACCESS_KEY_ID,
 * AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN: the access keys obtained from the function's execution role"
 * (https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime),
 * and the environment is the first link of the default chain, so there it always ends at `fromEnv`. The
 * rest of the chain (SSO, shared ini files, credential processes, web identity, container and instance
 * metadata, and the STS and SSO clients they carry) is never reached in Lambda, and bundled it is about
 * 130 KB of every function (docs/performance.md). The CLI and the local endpoint are not bundled and keep
 * the whole chain (the local endpoint passes DynamoDB Local's fixed credentials anyway).
 *
 * Without those variables `fromEnv` rejects with a CredentialsProviderError: the request fails as a
 * dependency failure (a 5xx), never as a refused credential.
 */
import { fromEnv } from '@aws-sdk/credential-provider-env';

/** The signature of credential-provider-node's `defaultProvider`, which the SDK's clients call with their config. */
export const defaultProvider = (init: Parameters<typeof fromEnv>[0] = {}) => fromEnv(init);
