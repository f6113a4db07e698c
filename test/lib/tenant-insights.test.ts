import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { QUARANTINE_WEIGHT } from '../../functions/config';
import { ACCESS_LOG_FIELDS } from '../../lib/access-log-format';
import { contributions, insightRuleProblems } from './insight-rule';
import { type Resource, rendered, synthesize } from './synth';

const { resources, template } = synthesize({});
const rules = new Map(
  resources('AWS::CloudWatch::InsightRule').map(([id, rule]) => [
    String(rule.Properties.RuleName),
    { id, name: String(rule.Properties.RuleName), body: rendered(rule.Properties.RuleBody) },
  ]),
);
const ruleEndingWith = (suffix: string) => {
  const rule = [...rules.values()].find((r) => r.id.includes(suffix));
  if (rule === undefined) throw new Error(`no rule ${suffix}`);
  return rule;
};
const accessLogId = resources('AWS::Logs::LogGroup').find(([id]) => id.startsWith('ScimAccessLogs'))?.[0];

describe('the Contributor Insights model (test/lib/insight-rule.ts) refuses what PutInsightRule refuses', () => {
  const rule = (contribution: Record<string, unknown>, aggregateOn = 'Count') =>
    JSON.stringify({
      Schema: { Name: 'CloudWatchLogRule', Version: 1 },
      LogGroupNames: ['g'],
      LogFormat: 'JSON',
      Contribution: contribution,
      AggregateOn: aggregateOn,
    });
  it.each([
    ['a valid rule', rule({ Keys: ['$.tenant'] }), 0],
    ['five keys', rule({ Keys: ['$.a', '$.b', '$.c', '$.d', '$.e'] }), 1],
    [
      'eleven strings in In',
      rule({ Keys: ['$.a'], Filters: [{ Match: '$.s', In: 'abcdefghijk'.split('') }] }),
      1,
    ],
    ['a number in StartsWith', rule({ Keys: ['$.a'], Filters: [{ Match: '$.s', StartsWith: [4] }] }), 1],
    [
      'two operators in a filter',
      rule({ Keys: ['$.a'], Filters: [{ Match: '$.s', In: ['1'], NotIn: ['2'] }] }),
      1,
    ],
    ['Sum without ValueOf', rule({ Keys: ['$.a'] }, 'Sum'), 1],
    ['ValueOf with Count', rule({ Keys: ['$.a'], ValueOf: '$.v' }), 1],
  ])('%s: %i problem(s)', (_case, definition, problems) => {
    expect(insightRuleProblems('name', definition)).toHaveLength(problems);
  });
  it('compares a logged string as a string: a numeric filter never matches "429"', () => {
    const numeric = rule({ Keys: ['$.tenant'], Filters: [{ Match: '$.status', EqualTo: 429 }] });
    expect(contributions(numeric, [{ tenant: 't', status: '429' }]).size).toBe(0);
  });
});

describe('Contributor Insights rules: the tenants that fail, are throttled and call most', () => {
  it('are rules PutInsightRule accepts, with names unique to the stack', () => {
    expect(rules.size).toBe(4);
    for (const { name, body } of rules.values())
      expect({ name, problems: insightRuleProblems(name, body) }).toEqual({ name, problems: [] });
  });

  it('read the access log, on fields it writes', () => {
    const written = Object.keys(ACCESS_LOG_FIELDS).map((f) => `$.${f}`);
    for (const suffix of ['TenantFailures', 'TenantThrottles', 'TenantRequests']) {
      const body = JSON.parse(ruleEndingWith(suffix).body);
      expect(body.LogGroupNames).toEqual([`{{Ref:${accessLogId}}}`]);
      const fields = [
        ...body.Contribution.Keys,
        ...body.Contribution.Filters.map((f: { Match: string }) => f.Match),
      ];
      for (const f of fields) expect(written).toContain(f);
    }
  });

  // Access-log lines as API Gateway writes them: every value a string, `-` where it has none.
  const line = (tenant: string, status: string) => ({
    tenant,
    status,
    method: 'POST',
    resource: '/scim/v2/Users',
  });
  const lines = [
    ...Array.from({ length: 10 }, () => line('contoso', '409')),
    ...Array.from({ length: 5 }, () => line('contoso', '201')),
    ...Array.from({ length: 3 }, () => line('contoso', '429')),
    ...Array.from({ length: 2 }, () => line('fabrikam', '500')),
    ...Array.from({ length: 7 }, () => line('-', '401')),
  ];
  it.each([
    ['TenantFailures', { contoso: 10, fabrikam: 2 }],
    ['TenantThrottles', { contoso: 3 }],
    ['TenantRequests', { contoso: 18, fabrikam: 2 }],
  ])('%s counts, per tenant, %j (a refused credential has no tenant)', (suffix, expected) => {
    expect(Object.fromEntries(contributions(ruleEndingWith(suffix).body, lines))).toEqual(expected);
  });
});

describe('alarms on a tenant', () => {
  const alarm = (suffix: string) => {
    const found = resources('AWS::CloudWatch::Alarm').find(([id]) => id.includes(suffix));
    if (found === undefined) throw new Error(`no alarm ${suffix}`);
    return found as [string, Resource & { DependsOn?: string[] }];
  };
  const expressionOf = (r: Resource) =>
    String((r.Properties.Metrics as { Expression: string }[])[0]?.Expression);

  it.each([
    ['TenantFailing', 'TenantQuarantineRisk'],
    ['TenantThrottled', 'TenantThrottles'],
  ])('%s reads the top contributor of %s, created before it', (alarmSuffix, ruleSuffix) => {
    const [id, resource] = alarm(alarmSuffix);
    const rule = ruleEndingWith(ruleSuffix);
    expect(expressionOf(resource)).toBe(`INSIGHT_RULE_METRIC("${rule.name}", "MaxContributorValue")`);
    expect(template.toJSON().Resources[id].DependsOn).toContain(rule.id);
  });

  // A tenant's requests in five minutes, as the SCIM functions weigh them; TenantFailing needs two such
  // periods of three.
  const weighed = (failed: number, succeeded: number) => [
    ...Array.from({ length: failed }, () => ({
      tenant: 't',
      [QUARANTINE_WEIGHT.field]: QUARANTINE_WEIGHT.failed,
    })),
    ...Array.from({ length: succeeded }, () => ({
      tenant: 't',
      [QUARANTINE_WEIGHT.field]: QUARANTINE_WEIGHT.succeeded,
    })),
  ];
  it.each([
    [50, 0, true],
    [49, 0, false],
    [200, 200, true],
    [100, 150, false],
    [1_000, 1_400, true],
    [1_000, 1_600, false],
  ])(
    'TenantFailing: %i failed and %i succeeded in five minutes breach it: %s',
    (failed, succeeded, breaches) => {
      const [, resource] = alarm('TenantFailing');
      const sum =
        contributions(ruleEndingWith('TenantQuarantineRisk').body, weighed(failed, succeeded)).get('t') ?? 0;
      expect(Math.round(sum * 1000) / 1000 >= (resource.Properties.Threshold as number)).toBe(breaches);
    },
  );
});

describe('the dashboard', () => {
  const [, dashboard] = resources('AWS::CloudWatch::Dashboard')[0] ?? [];
  const body = JSON.parse(rendered(dashboard?.Properties.DashboardBody)) as {
    widgets: { type: string; properties: Record<string, unknown> }[];
  };

  it('shows every alarm of the stack in its status row', () => {
    const shown = body.widgets.flatMap((w) => (w.type === 'alarm' ? (w.properties.alarms as string[]) : []));
    const alarms = resources('AWS::CloudWatch::Alarm').map(([id]) => `{{${id}.Arn}}`);
    expect(shown.sort()).toEqual(alarms.sort());
  });

  it('shows the top tenants of the failure, throttle and request rules, which exist', () => {
    const shown = body.widgets.flatMap((w) => {
      const rule = w.properties.insightRule as { ruleName: string } | undefined;
      return rule === undefined ? [] : [rule.ruleName];
    });
    expect(shown).toHaveLength(3);
    for (const name of shown) expect([...rules.keys()]).toContain(name);
  });

  it("searches only metrics the functions emit, by their dimensions (docs/metrics.md's table)", () => {
    const table = readFileSync(new URL('../../docs/metrics.md', import.meta.url), 'utf8');
    const emitted = new Map(
      [...table.matchAll(/^\| `(\w+)` +\| \w+ +\| ([^|]+)\|/gm)].map(([, name, dimensions]) => [
        name,
        [...(dimensions ?? '').matchAll(/`(\w+)`/g)].map(([, d]) => d).sort(),
      ]),
    );
    const searches = body.widgets.flatMap((w) =>
      ((w.properties.metrics ?? []) as unknown[][]).flatMap((m) => {
        const expression = (m[0] as { expression?: string }).expression ?? '';
        const found = /SEARCH\('\{ScimEndpoint,([\w,]+)\} MetricName="(\w+)"/.exec(expression);
        return found === null ? [] : [{ name: found[2], dimensions: (found[1] ?? '').split(',').sort() }];
      }),
    );
    expect(searches.map((s) => s.name)).toEqual(
      expect.arrayContaining(['Requests', 'Failures', 'Latency', 'FailuresByType', 'AuthorizerRefusals']),
    );
    for (const { name, dimensions } of searches)
      expect({ name, dimensions }).toEqual({ name, dimensions: emitted.get(name ?? '') });
  });

  it('is a stack output', () => {
    expect(Object.keys(template.toJSON().Outputs)).toContain('DashboardUrl');
  });
});
