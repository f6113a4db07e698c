import { readFileSync } from 'node:fs';
import { Duration } from 'aws-cdk-lib';
import {
  parseExtensionDeclarations,
  type SchemaExtensionDeclaration,
} from '../functions/scim/schema/extension-declaration';
import { WAF_RATE_LIMIT } from './scim-settings';
import type { ScimStackProps } from './scim-stack';

/** What `bin/app.ts` reads from CDK context (`-c name=value` or cdk.json), each value checked. */
export interface StackContext {
  readonly stackName: string;
  readonly props: Pick<ScimStackProps, 'alarmEmail' | 'scim'>;
}

/** CloudFormation stack names: a letter, then letters, digits and '-', at most 128 characters. */
const STACK_NAME = /^[A-Za-z][A-Za-z0-9-]{0,127}$/;
/** One address: something@domain.tld, no spaces, no second '@', no list. */
const EMAIL =
  /^[^\s@,;<>"]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;
/**
 * API Gateway caches an authorizer's answer for 0 to 3600 seconds.
 * https://docs.aws.amazon.com/apigateway/latest/api/API_CreateAuthorizer.html
 */
const CACHE_TTL = { min: 0, max: 3600 };

type Read = (name: string) => unknown;

/** A whole number within bounds, from a context value (a string on the command line, a number in cdk.json). */
function wholeNumber(
  read: Read,
  name: string,
  { min, max }: { min: number; max: number },
): number | undefined {
  const raw = read(name);
  if (raw === undefined) return undefined;
  const text = String(raw).trim();
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max)
    throw new Error(
      `context ${name}=${JSON.stringify(raw)} is invalid: a whole number from ${min} to ${max} is expected`,
    );
  return value;
}

function text(read: Read, name: string, pattern: RegExp, expected: string): string | undefined {
  const raw = read(name);
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || !pattern.test(raw))
    throw new Error(`context ${name}=${JSON.stringify(raw)} is invalid: ${expected} is expected`);
  return raw;
}

/** `schemaExtensions`: the path of a JSON file of declarations (docs/schema-extensions.example.json). */
function declarationsFile(read: Read): SchemaExtensionDeclaration[] | undefined {
  const path = text(read, 'schemaExtensions', /\S/, 'the path of a JSON file of schema extensions');
  if (path === undefined) return undefined;
  try {
    return parseExtensionDeclarations(JSON.parse(readFileSync(path, 'utf8')));
  } catch (error) {
    throw new Error(
      `context schemaExtensions=${JSON.stringify(path)} is invalid: ${(error as Error).message}`,
    );
  }
}

/** The settings `bin/app.ts` reads; README.md lists them. */
export const STACK_CONTEXT_NAMES = [
  'stackName',
  'alarmEmail',
  'wafRateLimit',
  'authorizerCacheTtl',
  'schemaExtensions',
] as const;

/**
 * Refuses a context name that is one of the settings spelled in another case (`wafratelimit`): CDK would
 * ignore it, and the stack would deploy without the setting the person meant to give.
 */
function refuseMisspelled(names: readonly string[]): void {
  for (const name of names) {
    const meant = STACK_CONTEXT_NAMES.find((known) => known.toLowerCase() === name.toLowerCase());
    if (meant !== undefined && meant !== name)
      throw new Error(`context ${name} is not a setting: did you mean ${meant}?`);
  }
}

/**
 * Reads and checks the stack's settings from CDK context; a malformed value fails the synth with a
 * message naming the setting, instead of becoming NaN or an address SNS refuses at deploy time.
 * `names`: every name in the context, to catch a setting spelled in the wrong case.
 */
export function readStackContext(read: Read, names: readonly string[] = []): StackContext {
  refuseMisspelled(names);
  const stackName =
    text(read, 'stackName', STACK_NAME, 'a letter then letters, digits and -, at most 128') ?? 'ScimEndpoint';
  const alarmEmail = text(read, 'alarmEmail', EMAIL, 'one e-mail address such as ops@example.com');
  const wafRateLimit = wholeNumber(read, 'wafRateLimit', WAF_RATE_LIMIT);
  const cacheTtl = wholeNumber(read, 'authorizerCacheTtl', CACHE_TTL);
  const schemaExtensions = declarationsFile(read);
  return {
    stackName,
    props: {
      ...(alarmEmail === undefined ? {} : { alarmEmail }),
      scim: {
        ...(wafRateLimit === undefined ? {} : { webAcl: { requestsPerTokenPer5Minutes: wafRateLimit } }),
        ...(cacheTtl === undefined ? {} : { authorizerCacheTtl: Duration.seconds(cacheTtl) }),
        ...(schemaExtensions === undefined ? {} : { schemaExtensions }),
      },
    },
  };
}
