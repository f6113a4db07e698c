/** The outcome of reading a token's `--expires`: the instant it stops working, or why it is refused. */
export type ExpiryResult =
  | { readonly ok: true; readonly expiresAt: string }
  | { readonly ok: false; readonly message: string };

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:\d{2})$/;

/** What `--expires` accepts, for error messages and the CLI's help. */
export const EXPIRY_FORMS =
  'a date (2027-06-30: the token works through that day, until 23:59:59.999 UTC) or a timestamp with its offset (2027-06-30T17:00Z, 2027-06-30T17:00:00+02:00)';

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Whether the fields name a real instant: `Date` itself rolls 2027-02-30 over to 2 March, silently. */
function validFields(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): boolean {
  return (
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysIn(year, month) &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59
  );
}

function offsetMinutes(zone: string): number | undefined {
  if (zone === 'Z') return 0;
  const hours = Number(zone.slice(1, 3));
  const minutes = Number(zone.slice(4, 6));
  if (hours > 14 || minutes > 59) return undefined;
  return (zone.startsWith('-') ? -1 : 1) * (hours * 60 + minutes);
}

function instant(text: string): number | undefined {
  const date = DATE.exec(text);
  if (date !== null) {
    const [year, month, day] = date.slice(1).map(Number) as [number, number, number];
    if (!validFields(year, month, day)) return undefined;
    // A date alone is the whole of that day in UTC: the token stops at its last millisecond.
    return Date.UTC(year, month - 1, day, 23, 59, 59, 999);
  }
  const stamp = TIMESTAMP.exec(text);
  if (stamp === null) return undefined;
  const [year, month, day, hour, minute] = stamp.slice(1, 6).map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const second = Number(stamp[6] ?? 0);
  const millisecond = Number((stamp[7] ?? '0').padEnd(3, '0'));
  const offset = offsetMinutes(stamp[8] as string);
  if (offset === undefined || !validFields(year, month, day, hour, minute, second)) return undefined;
  return Date.UTC(year, month - 1, day, hour, minute, second, millisecond) - offset * 60_000;
}

/** Reads an expiry strictly: a real calendar date or timestamp, in the future. */
export function parseExpiry(text: string, now: Date): ExpiryResult {
  const at = instant(text.trim());
  if (at === undefined) return { ok: false, message: `'${text}' is not a valid expiry: use ${EXPIRY_FORMS}` };
  const expiresAt = new Date(at).toISOString();
  if (at <= now.getTime()) return { ok: false, message: `'${text}' (${expiresAt}) is in the past` };
  return { ok: true, expiresAt };
}
