/**
 * Parses an xsd:dateTime to epoch nanoseconds, undefined if invalid. Nanoseconds, not milliseconds, so that
 * `meta.created gt "2015-10-10T14:38:21.8617979-07:00"` (Entra sends 7 fraction digits) compares exactly.
 */
export function parseDateTime(text: string): bigint | undefined {
  const match = /^(-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/.exec(text);
  if (match === null) return undefined;
  const millis = Date.parse(`${match[1]}${match[3] ?? 'Z'}`);
  if (Number.isNaN(millis)) return undefined;
  const fraction = (match[2] ?? '.').slice(1, 10).padEnd(9, '0');
  return BigInt(millis) * 1_000_000n + BigInt(fraction);
}
