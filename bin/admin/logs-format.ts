/** How `logs` prints a request-log line to a person (`--json` prints the line as kept). */
import { SCIM_BASE_PATH } from '../../functions/http/route-table';
import type { RequestLogEntry } from '../../functions/scim/request-log-port';

/** Whether a line passes `--status` (`4xx`, `5xx`, `409`) and `--path` (a prefix below the SCIM base). */
export function matches(
  line: RequestLogEntry,
  status: string | undefined,
  path: string | undefined,
): boolean {
  if (status !== undefined) {
    const code = String(line.status);
    if (status.endsWith('xx') ? code[0] !== status[0] : code !== status) return false;
  }
  if (path === undefined) return true;
  const below = line.path.startsWith(SCIM_BASE_PATH) ? line.path.slice(SCIM_BASE_PATH.length) : line.path;
  return below.toLowerCase().startsWith(path.toLowerCase());
}

/**
 * `<time>  <status> <method> <path>  <scimType or reason>  <client>  <ms>  <credential>` and, for a failure,
 * its detail and hint; the redacted body, when the line keeps one (`tenants set --log-bodies`).
 */
export function logLine(line: RequestLogEntry): string {
  const head = [
    line.time,
    `${line.status} ${line.method.padEnd(6)} ${line.path}`,
    line.scimType ?? line.reason ?? '',
    line.dialect,
    `${line.latencyMs} ms`,
    line.reason === undefined ? '' : (line.credentialId ?? ''),
    line.attributes === undefined ? '' : `[${line.attributes.join(', ')}]`,
  ]
    .filter((part) => part !== '')
    .join('  ');
  const why = [line.detail, line.hint, line.body === undefined ? undefined : `body: ${line.body}`]
    .filter((part) => part !== undefined)
    .map((part) => `    ${part}`);
  return [head, ...why].join('\n');
}
