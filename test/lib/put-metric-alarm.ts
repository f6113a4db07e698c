/** CloudWatch's rules for an alarm, which synthesized alarms are checked against (tests of lib/). */
export type AlarmProperties = Record<string, unknown>;

/**
 * What PutMetricAlarm refuses of a single-metric alarm, as CloudWatch states it
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html): a Period of
 * 10, 20, 30 or a multiple of 60 seconds; a Statistic among SampleCount, Average, Sum, Minimum and Maximum;
 * a numeric Threshold; 1 <= DatapointsToAlarm <= EvaluationPeriods; Period × EvaluationPeriods at most one
 * day for periods under an hour (seven days otherwise).
 */
export function putMetricAlarmProblems(alarm: AlarmProperties): string[] {
  const period = alarm.Period as number;
  const evaluationPeriods = alarm.EvaluationPeriods as number;
  const datapoints = (alarm.DatapointsToAlarm as number | undefined) ?? evaluationPeriods;
  return [
    ...(Number.isInteger(period) && ([10, 20, 30].includes(period) || (period > 0 && period % 60 === 0))
      ? []
      : [`Period ${period}`]),
    ...(['SampleCount', 'Average', 'Sum', 'Minimum', 'Maximum'].includes(alarm.Statistic as string)
      ? []
      : [`Statistic ${String(alarm.Statistic)}`]),
    ...(typeof alarm.Threshold === 'number' && Number.isFinite(alarm.Threshold)
      ? []
      : [`Threshold ${String(alarm.Threshold)}`]),
    ...(Number.isInteger(evaluationPeriods) &&
    evaluationPeriods >= 1 &&
    datapoints >= 1 &&
    datapoints <= evaluationPeriods
      ? []
      : [`DatapointsToAlarm ${datapoints} of EvaluationPeriods ${evaluationPeriods}`]),
    ...(period * evaluationPeriods <= (period < 3600 ? 86_400 : 604_800)
      ? []
      : [`Period × EvaluationPeriods ${period * evaluationPeriods} s`]),
  ];
}
