import { Logger } from '@aws-lambda-powertools/logger';
import { ENV } from '../environment-names';

/**
 * Structured JSON logs. Callers pass only fields chosen for the purpose: never a header, a body, a query
 * string or a token, since those carry credentials and personal data.
 */
export type LogFields = Readonly<Record<string, string | number | boolean | undefined>>;

/** The project's LOG_LEVEL values and Powertools' names for them. */
const LEVELS = { debug: 'DEBUG', info: 'INFO', warn: 'WARN', error: 'ERROR', silent: 'SILENT' } as const;

/**
 * LOG_LEVEL, read once at cold start: debug, info (default), warn, error or silent, in any case. Powertools
 * reads a legacy `LOG_LEVEL` too, but only in capitals (2.36.0, `Logger.setInitialLogLevel`), so the value is
 * mapped and handed to the constructor, which wins over `POWERTOOLS_LOG_LEVEL`. Unset or unknown: left to
 * Powertools, that is `POWERTOOLS_LOG_LEVEL`, else INFO. Only `AWS_LAMBDA_LOG_LEVEL` (Advanced Logging
 * Controls) would win over it, and Lambda sets that only for the JSON log format; the functions log as TEXT
 * (lib/scim-function.ts). https://docs.aws.amazon.com/powertools/typescript/latest/features/logger/
 * (log level precedence) and https://docs.aws.amazon.com/powertools/typescript/latest/environment-variables
 */
function configuredLevel(): (typeof LEVELS)[keyof typeof LEVELS] | undefined {
  const name = (process.env[ENV.LOG_LEVEL] ?? '').toLowerCase();
  return Object.hasOwn(LEVELS, name) ? LEVELS[name as keyof typeof LEVELS] : undefined;
}

const level = configuredLevel();

/**
 * POWERTOOLS_SERVICE_NAME, read once: the stack's name in AWS (lib/scim-function.ts), `scim` elsewhere. The
 * logs' `service` key and the metrics' `service` dimension (emit-metrics.ts).
 */
export const SERVICE_NAME = process.env[ENV.POWERTOOLS_SERVICE_NAME] || 'scim';

/**
 * One Powertools Logger, made at cold start. It writes one JSON line per call (`level`, `message`,
 * `timestamp`, `service`, `sampling_rate`, then the fields) through a Console of its own on process.stdout
 * (info) and process.stderr (warn, error), not through the global `console`, whose Lambda patch would prefix
 * each line. `POWERTOOLS_DEV` would indent the JSON over several lines: it is not set anywhere here.
 */
const powertools = new Logger({
  serviceName: SERVICE_NAME,
  ...(level === undefined ? {} : { logLevel: level }),
});

export const logger = {
  info: (message: string, fields: LogFields = {}) => powertools.info(message, fields),
  warn: (message: string, fields: LogFields = {}) => powertools.warn(message, fields),
  error: (message: string, fields: LogFields = {}) => powertools.error(message, fields),
};

/**
 * What may be logged of an unexpected error: its name and where it was thrown. Messages are left out,
 * because a data store's validation message can quote attribute values.
 */
export function describeError(error: unknown): LogFields {
  if (!(error instanceof Error)) return { errorName: typeof error };
  const frames = (error.stack ?? '')
    .split('\n')
    .slice(1, 6)
    .map((f) => f.trim());
  return { errorName: error.name, errorStack: frames.join(' | ') };
}
