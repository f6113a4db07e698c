import { ENV } from '../environment-names';

/**
 * Structured JSON logs. Callers pass only fields chosen for the purpose: never a header, a body, a query
 * string or a token, since those carry credentials and personal data.
 */
export type LogFields = Readonly<Record<string, string | number | boolean | undefined>>;

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 } as const;
/** LOG_LEVEL, read once: debug, info (default), warn, error or silent. */
const threshold =
  LEVELS[(process.env[ENV.LOG_LEVEL] ?? 'info').toLowerCase() as keyof typeof LEVELS] ?? LEVELS.info;

export const logger = {
  info: (message: string, fields: LogFields = {}) => write('INFO', message, fields),
  warn: (message: string, fields: LogFields = {}) => write('WARN', message, fields),
  error: (message: string, fields: LogFields = {}) => write('ERROR', message, fields),
};

function write(level: 'INFO' | 'WARN' | 'ERROR', message: string, fields: LogFields): void {
  if (LEVELS[level.toLowerCase() as keyof typeof LEVELS] < threshold) return;
  const line = JSON.stringify({ level, message, timestamp: new Date().toISOString(), ...fields });
  if (level === 'ERROR') console.error(line);
  else console.log(line);
}

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
