/**
 * What PutMetricAlarm refuses in a metric math expression, as far as these alarms go: an alarm's
 * expression must produce one time series, and an array (`[m1, m2]`) holds time series only, so
 * `MAX([requests, 1])` (a scalar among series) is refused; an id must be one of the alarm's metrics (a
 * quoted string, such as INSIGHT_RULE_METRIC's rule name, is not an id); AWS also advises against MAX/MIN over time in
 * alarms, whose value for the period then depends on the window.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/using-metric-math.html
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Create-alarm-on-metric-math-expression.html
 */
export function alarmExpressionProblems(expression: string, metricIds: readonly string[]): string[] {
  const problems: string[] = [];
  if (/\b(MAX|MIN)\s*\(/i.test(expression)) problems.push(`${expression}: MAX/MIN in an alarm expression`);
  for (const [, inside] of expression.matchAll(/\[([^\]]*)\]/g)) {
    for (const element of (inside ?? '').split(',').map((e) => e.trim())) {
      if (!metricIds.includes(element))
        problems.push(`${expression}: '${element}' in an array is not a time series of the alarm`);
    }
  }
  // A quoted string (INSIGHT_RULE_METRIC's rule name) is a value, not an id.
  for (const [identifier] of expression.replace(/"[^"]*"/g, '""').matchAll(/\b[a-z][A-Za-z0-9_]*\b/g)) {
    if (!metricIds.includes(identifier)) problems.push(`${expression}: unknown id '${identifier}'`);
  }
  return problems;
}
