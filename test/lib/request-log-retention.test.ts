import { Duration } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { ENV, readEnvironment } from '../../functions/config';
import { resourceFunctionEnvironment } from '../../functions/resource-environment';
import { ScimApi } from '../../lib/scim-api';
import { unbundledStack } from './synth';

/** The request log's retention (docs/request-log.md): a prop, handed to the functions that write the log. */
function daysOf(requestLogRetention?: Duration) {
  const stack = unbundledStack('Retention');
  new ScimApi(stack, 'Scim', requestLogRetention === undefined ? {} : { requestLogRetention });
  const functions = Template.fromStack(stack).findResources('AWS::Lambda::Function');
  return Object.fromEntries(
    Object.entries(functions)
      .map(([id, f]) => [
        /^Scim(\w+?)Function/.exec(id)?.[1],
        f.Properties.Environment?.Variables?.[ENV.REQUEST_LOG_DAYS],
      ])
      .filter(([, days]) => days !== undefined),
  );
}

describe('the request log’s writes', () => {
  // Each line is a PutItem on the data table (functions/storage/request-log-store.ts); without the grant
  // every line would fail, counted as 'request log not written' and never seen by the client.
  it.each(['Users', 'Groups'])(
    'are allowed to the %s function: dynamodb:PutItem on the data table',
    (name) => {
      const stack = unbundledStack(`Grants${name}`);
      new ScimApi(stack, 'Scim');
      const template = Template.fromStack(stack);
      const role = Object.keys(template.findResources('AWS::IAM::Role')).find((id) =>
        id.startsWith(`Scim${name}Role`),
      );
      const statements = Object.values(template.findResources('AWS::IAM::Policy'))
        .filter((p) => JSON.stringify(p.Properties.Roles).includes(String(role)))
        .flatMap(
          (p) => p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[],
        );
      const putting = statements.filter((st) => [st.Action].flat().includes('dynamodb:PutItem'));
      expect(JSON.stringify(putting.map((st) => st.Resource))).toContain('ScimDataTable');
    },
  );
});

describe('requestLogRetention', () => {
  it.each([
    { retention: undefined, days: '30' },
    { retention: Duration.days(7), days: '7' },
    { retention: Duration.days(365), days: '365' },
  ])('keeps lines $days days on the functions that write them', ({ retention, days }) => {
    // The authorizer's refusals and the token endpoint's requests are lines too.
    expect(daysOf(retention)).toEqual({ Users: days, Groups: days, Authorizer: days, Token: days });
    const read = readEnvironment(resourceFunctionEnvironment, {
      [ENV.TABLE_NAME]: 'data',
      [ENV.REQUEST_LOG_DAYS]: days,
    });
    expect(read[ENV.REQUEST_LOG_DAYS]).toBe(Number(days));
  });

  it.each([Duration.hours(36), Duration.days(0), Duration.days(3651)])('refuses %s at synth', (retention) => {
    expect(() => daysOf(retention)).toThrow(/requestLogRetention must be whole days from 1 to 3650/);
  });
});
