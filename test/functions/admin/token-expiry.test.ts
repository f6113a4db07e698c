import { describe, expect, it } from 'vitest';
import { parseExpiry } from '../../../functions/admin/token-expiry';

const now = new Date('2026-05-15T12:00:00.000Z');

describe('parseExpiry', () => {
  it.each([
    ['a date: the end of that day, UTC', '2027-06-30', '2027-06-30T23:59:59.999Z'],
    ['29 February of a leap year', '2028-02-29', '2028-02-29T23:59:59.999Z'],
    ['today: the token works until the day ends', '2026-05-15', '2026-05-15T23:59:59.999Z'],
    ['a UTC timestamp to the minute', '2027-06-30T17:00Z', '2027-06-30T17:00:00.000Z'],
    ['a timestamp with seconds and milliseconds', '2027-06-30T17:00:05.25Z', '2027-06-30T17:00:05.250Z'],
    ['a timestamp with a positive offset', '2027-06-30T17:00:00+02:00', '2027-06-30T15:00:00.000Z'],
    ['a timestamp with a negative offset', '2027-12-31T23:30-05:00', '2028-01-01T04:30:00.000Z'],
    ['surrounding spaces', ' 2027-06-30 ', '2027-06-30T23:59:59.999Z'],
  ])('accepts %s', (_, text, expiresAt) => {
    expect(parseExpiry(text, now)).toEqual({ ok: true, expiresAt });
  });

  it.each([
    ['30 February', '2027-02-30', /not a valid expiry/],
    ['29 February of a common year', '2027-02-29', /not a valid expiry/],
    ['31 April', '2027-04-31', /not a valid expiry/],
    ['month 13', '2027-13-01', /not a valid expiry/],
    ['day 0', '2027-01-00', /not a valid expiry/],
    ['hour 24', '2027-06-30T24:00Z', /not a valid expiry/],
    ['minute 60', '2027-06-30T10:60Z', /not a valid expiry/],
    ['second 60', '2027-06-30T10:00:60Z', /not a valid expiry/],
    ['an offset beyond ±14:00', '2027-06-30T10:00+15:00', /not a valid expiry/],
    ['a timestamp without an offset (whose time zone?)', '2027-06-30T10:00:00', /not a valid expiry/],
    ['a date in another order', '30/06/2027', /not a valid expiry/],
    ['a month name', 'June 30, 2027', /not a valid expiry/],
    ['a date without its day', '2027-06', /not a valid expiry/],
    ['nothing', '', /not a valid expiry/],
    ['yesterday', '2026-05-14', /in the past/],
    ['a moment ago', '2026-05-15T11:59:59Z', /in the past/],
    ['now itself', '2026-05-15T12:00:00Z', /in the past/],
  ])('refuses %s', (_, text, message) => {
    const result = parseExpiry(text, now);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.message).toMatch(message);
  });
});
