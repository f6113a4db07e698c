/**
 * CloudWatch Contributor Insights, as far as the stack's rules go: what PutInsightRule refuses of a rule
 * (rule-syntax page), and how a rule counts log lines, so that tests can run a synthesized rule over lines
 * the functions and the gateway write. A model, checked by its own table in tenant-insights.test.ts.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/ContributorInsights-RuleSyntax.html
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutInsightRule.html
 */
export interface RuleBody {
  Schema?: unknown;
  LogGroupNames?: unknown[];
  LogFormat?: string;
  Contribution?: { Keys?: string[]; ValueOf?: string; Filters?: Record<string, unknown>[] };
  AggregateOn?: string;
}

const STRING_OPERATORS = ['In', 'NotIn', 'StartsWith'];
const NUMBER_OPERATORS = ['GreaterThan', 'LessThan', 'EqualTo', 'NotEqualTo'];
const OPERATORS = [...STRING_OPERATORS, ...NUMBER_OPERATORS, 'IsPresent'];

function filterProblems(filter: Record<string, unknown>): string[] {
  const operators = Object.keys(filter).filter((k) => k !== 'Match');
  if (typeof filter.Match !== 'string' || operators.length !== 1)
    return ['a filter has Match and one operator'];
  const [operator = ''] = operators;
  const operand = filter[operator];
  if (!OPERATORS.includes(operator)) return [`unknown operator ${operator}`];
  if (STRING_OPERATORS.includes(operator)) {
    const strings = Array.isArray(operand) && operand.every((v) => typeof v === 'string');
    return strings && operand.length >= 1 && operand.length <= 10
      ? []
      : [`${operator} takes 1 to 10 strings`];
  }
  if (NUMBER_OPERATORS.includes(operator))
    return typeof operand === 'number' ? [] : [`${operator} takes a number`];
  return typeof operand === 'boolean' ? [] : ['IsPresent takes true or false'];
}

/** Why PutInsightRule would refuse this rule. */
export function insightRuleProblems(ruleName: string, definition: string): string[] {
  const problems: string[] = [];
  if (!/^[\x20-\x7E]{1,128}$/.test(ruleName)) problems.push(`rule name ${ruleName}`);
  if (definition.length > 8192 || ![...definition].every((c) => c.charCodeAt(0) <= 0x7f))
    problems.push('definition over 8192 ASCII');
  const body = JSON.parse(definition) as RuleBody;
  if (JSON.stringify(body.Schema) !== '{"Name":"CloudWatchLogRule","Version":1}') problems.push('schema');
  if (!['JSON', 'CLF'].includes(body.LogFormat ?? '')) problems.push('log format');
  if ((body.LogGroupNames ?? []).length < 1) problems.push('no log group');
  const keys = body.Contribution?.Keys ?? [];
  if (keys.length < 1 || keys.length > 4) problems.push('1 to 4 keys');
  const filters = body.Contribution?.Filters ?? [];
  if (filters.length > 4) problems.push('at most 4 filters');
  problems.push(...filters.flatMap(filterProblems));
  if (!['Count', 'Sum'].includes(body.AggregateOn ?? '')) problems.push('AggregateOn');
  if ((body.AggregateOn === 'Sum') !== (body.Contribution?.ValueOf !== undefined))
    problems.push('ValueOf goes with Sum');
  return problems;
}

function field(line: Record<string, unknown>, path: string): unknown {
  return path
    .replace(/^\$\./, '')
    .split('.')
    .reduce<unknown>((value, name) => (value as Record<string, unknown> | undefined)?.[name], line);
}

/** Matching is on the value as logged: a string is compared as a string, a number as a number. */
function matches(line: Record<string, unknown>, filter: Record<string, unknown>): boolean {
  const value = field(line, filter.Match as string);
  if ('IsPresent' in filter) return (value !== undefined) === filter.IsPresent;
  if ('In' in filter) return (filter.In as unknown[]).includes(value);
  if ('NotIn' in filter) return value !== undefined && !(filter.NotIn as unknown[]).includes(value);
  if ('StartsWith' in filter)
    return typeof value === 'string' && (filter.StartsWith as string[]).some((p) => value.startsWith(p));
  if (typeof value !== 'number') return false;
  if ('GreaterThan' in filter) return value > (filter.GreaterThan as number);
  if ('LessThan' in filter) return value < (filter.LessThan as number);
  if ('EqualTo' in filter) return value === filter.EqualTo;
  return value !== filter.NotEqualTo;
}

/** Each contributor's value over these lines (one period), as the rule aggregates them. */
export function contributions(
  definition: string,
  lines: readonly Record<string, unknown>[],
): Map<string, number> {
  const body = JSON.parse(definition) as RuleBody;
  const { Keys = [], ValueOf, Filters = [] } = body.Contribution ?? {};
  const totals = new Map<string, number>();
  for (const line of lines) {
    if (!Filters.every((f) => matches(line, f))) continue;
    const keys = Keys.map((k) => field(line, k));
    if (keys.some((k) => k === undefined)) continue;
    const value = ValueOf === undefined ? 1 : field(line, ValueOf);
    if (typeof value !== 'number') continue;
    const key = keys.join(' ');
    totals.set(key, (totals.get(key) ?? 0) + value);
  }
  return totals;
}
