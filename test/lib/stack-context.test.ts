import { describe, expect, it } from 'vitest';
import { readStackContext } from '../../lib/stack-context';

const read = (context: Record<string, unknown>) => readStackContext((name) => context[name]);

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

  it('reads the authorizer cache TTL in seconds', () => {
    expect(read({ authorizerCacheTtl: '60' }).props.scim?.authorizerCacheTtl?.toSeconds()).toBe(60);
    expect(read({ authorizerCacheTtl: '0' }).props.scim?.authorizerCacheTtl?.toSeconds()).toBe(0);
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
  ])('refuses %s with a message naming the setting', (_name, context, message) => {
    expect(() => read(context)).toThrow(message);
  });
});
