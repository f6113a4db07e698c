import { Metrics } from '@aws-lambda-powertools/metrics';
import { ENV, METRICS_NAMESPACE } from '../environment-names';
import { describeError, logger, SERVICE_NAME } from './logger';

/**
 * The functions' one Powertools Metrics, made at cold start: CloudWatch metrics as embedded metric format
 * (EMF) lines on stdout, which CloudWatch Logs turns into metrics, no PutMetricData call and no permission
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html).
 * Namespace POWERTOOLS_METRICS_NAMESPACE (the stack sets METRICS_NAMESPACE; unset, the same), default
 * dimension `service` (POWERTOOLS_SERVICE_NAME, the stack's name), so that two stacks in one account do not
 * mix their metrics. Powertools reads POWERTOOLS_METRICS_DISABLED itself, and it wins over POWERTOOLS_DEV
 * (https://docs.aws.amazon.com/powertools/typescript/latest/environment-variables; 2.36.0,
 * `Metrics.setDisabled`): `true` in the local server and the tests, so that EMF lines do not flood their output.
 * Its own warnings (a dimension without a value, say) are lines of the logger, at its level.
 */
const metrics = new Metrics({
  namespace: process.env[ENV.POWERTOOLS_METRICS_NAMESPACE] || METRICS_NAMESPACE,
  serviceName: SERVICE_NAME,
  logger: {
    debug: () => {},
    info: (message: unknown) => logger.info(String(message)),
    warn: (message: unknown) => logger.warn(String(message)),
    error: (message: unknown) => logger.error(String(message)),
  },
});

/** What one EMF line holds: its metrics, their dimensions beyond `service`, and metadata (properties). */
export type MetricRecord = (metrics: Metrics) => void;

/**
 * Writes one EMF line of what `record` adds. Recording and flushing are one synchronous step, so requests
 * that run concurrently in one process (the local server) never share the buffer. Never throws and never
 * waits: a metric that cannot be emitted is a warning in the log, never a failed or a slower request.
 */
export function emitMetrics(record: MetricRecord): void {
  try {
    record(metrics);
    metrics.publishStoredMetrics();
  } catch (error) {
    try {
      metrics.clearMetrics();
      metrics.clearDimensions();
      metrics.clearMetadata();
    } catch {
      // Nothing more to do: the next line starts from whatever is left.
    }
    logger.warn('metrics not emitted', describeError(error));
  }
}
