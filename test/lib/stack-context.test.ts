import { describe, expect, it } from 'vitest';
import { readStackContext } from '../../lib/stack-context';

const read = (context: Record<string, unknown>) =>
  readStackContext((name) => context[name], Object.keys(context));

describe('the CDK context of the app', () => {
  it('defaults to the ScimEndpoint stack with no option', () => {
    expect(read({})).toEqual({ stackName: 'ScimEndpoint', props: { scim: {} } });
  });

  it.each<[string, Record<string, unknown>, unknown]>([
    ['an alarm address', { alarmEmail: 'ops@example.com' }, { alarmEmail: 'ops@example.com' }],
    [
      'a WAF limit from the command line',
      { wafRateLimit: '20000' },
      { scim: { webAcl: { requestsPerTokenPer5Minutes: 20000 } } },
    ],
    [
      'a WAF limit from cdk.json',
      { wafRateLimit: 100 },
      { scim: { webAcl: { requestsPerTokenPer5Minutes: 100 } } },
    ],
  ])('reads %s', (_name, context, expected) => {
    expect(read(context).props).toMatchObject(expected as object);
  });

  it('reads declared schema extensions from the JSON file schemaExtensions names', () => {
    const { scim } = read({ schemaExtensions: 'docs/schema-extensions.example.json' }).props;
    expect(scim?.schemaExtensions?.map((d) => d.id)).toEqual([
      'urn:ietf:params:scim:schemas:extension:acme:2.0:User',
      'urn:ietf:params:scim:schemas:extension:acme:2.0:Group',
    ]);
  });

  it.each([
    { file: 'docs/none.json', message: /context schemaExtensions="docs\/none.json" is invalid: ENOENT/ },
    {
      file: 'package.json',
      message: /context schemaExtensions="package.json" is invalid: .*list of extension/,
    },
  ])('refuses schemaExtensions=$file, saying why', ({ file, message }) => {
    expect(() => read({ schemaExtensions: file })).toThrow(message);
  });

  it.each<[unknown, number]>([
    ['60', 60],
    ['0', 0],
    [3600, 3600],
  ])('reads the authorizer cache TTL %j in seconds', (value, seconds) => {
    expect(read({ authorizerCacheTtl: value }).props.scim?.authorizerCacheTtl?.toSeconds()).toBe(seconds);
  });

  it.each<[string, Record<string, unknown>]>([
    ['the stack name', { stackName: 'Scim-Test1' }],
    ['feature flags and CDK settings beside the options', { '@aws-cdk/core:enablePartitionLiterals': true }],
  ])('accepts %s', (_name, context) => {
    expect(() => read(context)).not.toThrow();
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    [
      'wafRateLimit=abc',
      { wafRateLimit: 'abc' },
      /context wafRateLimit="abc" is invalid: a whole number from 10 to 2000000000/,
    ],
    ['wafRateLimit=5 (below WAF minimum)', { wafRateLimit: '5' }, /context wafRateLimit="5" is invalid/],
    ['wafRateLimit=1e4', { wafRateLimit: '1e4' }, /context wafRateLimit="1e4" is invalid/],
    [
      'authorizerCacheTtl=3601',
      { authorizerCacheTtl: '3601' },
      /context authorizerCacheTtl="3601" is invalid: a whole number from 0 to 3600/,
    ],
    ['authorizerCacheTtl=-5', { authorizerCacheTtl: '-5' }, /context authorizerCacheTtl="-5" is invalid/],
    ['authorizerCacheTtl=5m', { authorizerCacheTtl: '5m' }, /context authorizerCacheTtl="5m" is invalid/],
    ['alarmEmail=ops', { alarmEmail: 'ops' }, /context alarmEmail="ops" is invalid: one e-mail address/],
    [
      'alarmEmail with two addresses',
      { alarmEmail: 'a@example.com,b@example.com' },
      /context alarmEmail=.* is invalid/,
    ],
    [
      'alarmEmail=ops@localhost',
      { alarmEmail: 'ops@localhost' },
      /context alarmEmail="ops@localhost" is invalid/,
    ],
    ['stackName=1abc', { stackName: '1abc' }, /context stackName="1abc" is invalid/],
    ['wafRateLimit from cdk.json as true', { wafRateLimit: true }, /context wafRateLimit=true is invalid/],
    ['an empty alarmEmail', { alarmEmail: '' }, /context alarmEmail="" is invalid/],
    ['stackName as a number', { stackName: 7 }, /context stackName=7 is invalid/],
    [
      'wafratelimit (a setting in the wrong case, which CDK would ignore)',
      { wafratelimit: '100' },
      /context wafratelimit is not a setting: did you mean wafRateLimit\?/,
    ],
    ['AlarmEmail', { AlarmEmail: 'ops@example.com' }, /did you mean alarmEmail\?/],
  ])('refuses %s with a message naming the setting', (_name, context, message) => {
    expect(() => read(context)).toThrow(message);
  });
});
