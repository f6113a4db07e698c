/**
 * The fields of the client and trust commands' requests (issue 12), checked strictly by valibot in the admin
 * function and, through the same schema, by the CLI before it sends anything (exit 2). Messages name the
 * CLI's options, which is how an operator gives these fields.
 */
import * as v from 'valibot';
import { CLIENT_ID_PATTERN } from '../auth/client-secret';

/** The limits Microsoft's gallery requirements set, and their defaults. */
export const CREDENTIAL_LIMITS = {
  /**
   * "The client secret expires after one to three years" (Required):
   * https://learn.microsoft.com/en-us/entra/identity/enterprise-apps/app-gallery-user-provisioning-requirements
   */
  secretYears: { min: 1, max: 3, default: 2 },
  /** Access tokens "expire between 60 minutes and six hours after they are issued" (same page). */
  accessTokenLifetime: { min: 3600, max: 21600, default: 3600 },
} as const;

export { CLIENT_ID_PATTERN };
/** `sec_` + 16 lowercase hex: made by the client store. */
export const SECRET_ID_PATTERN = /^sec_[0-9a-f]{16}$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Hosts an `http:` issuer or key endpoint may name: tests and `npm start` serve keys on loopback only. */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
/** The scope Entra's step 1 shows as the Audience; the assertion's `aud` never carries it. */
const DEFAULT_SCOPE = '/.default';

const quoted = (input: unknown) => `'${String(input)}'`;

export const clientId = v.pipe(
  v.string(),
  v.regex(CLIENT_ID_PATTERN, (i) => `client ids are cli_ and 24 hex digits, not ${quoted(i.input)}`),
);
export const secretId = v.pipe(
  v.string(),
  v.regex(SECRET_ID_PATTERN, (i) => `secret ids are sec_ and 16 hex digits, not ${quoted(i.input)}`),
);

/** A GUID of Entra's (a tenant id, an object id), lower-cased: Entra's tokens carry them so. */
export const guid = (option: string, what: string) =>
  v.pipe(
    v.string(),
    v.regex(GUID, (i) => `--${option} takes ${what}, a GUID, not ${quoted(i.input)}`),
    v.toLowerCase(),
  );

/** An application id (a GUID) or an Application ID URI (`api://…`), without Entra's `/.default`. */
export function withoutDefaultScope(audience: string): string {
  const trimmed = audience.trim();
  return trimmed.endsWith(DEFAULT_SCOPE) ? trimmed.slice(0, -DEFAULT_SCOPE.length) : trimmed;
}

const isAudience = (audience: string) => GUID.test(audience) || /^api:\/\/[^\s/][^\s]*$/.test(audience);

export const audience = v.pipe(
  v.string(),
  v.maxLength(400, '--audience is too long'),
  v.transform(withoutDefaultScope),
  v.check(
    isAudience,
    (i) =>
      `--audience takes the application id (a GUID) or its api:// URI as Entra's step 1 shows it, not ${quoted(i.input)}`,
  ),
  v.transform((a) => (GUID.test(a) ? a.toLowerCase() : a)),
);

/** https, or http on a loopback host only (a key server of a test or of `npm start`). */
export function isTrustUrl(text: string): boolean {
  if (!URL.canParse(text)) return false;
  const url = new URL(text);
  if (url.username !== '' || url.password !== '') return false;
  return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
}

export const trustUrl = (option: string) =>
  v.pipe(
    v.string(),
    v.maxLength(2048, `--${option} is too long`),
    v.check(
      isTrustUrl,
      (i) =>
        `--${option} takes an https URL (http only on 127.0.0.1, localhost or [::1]), not ${quoted(i.input)}`,
    ),
  );

const whole = (option: string, unit: string, limits: { readonly min: number; readonly max: number }) => {
  const message = (i: { input: unknown }) =>
    `--${option} takes ${limits.min} to ${limits.max} ${unit}, not ${String(i.input)}`;
  return v.pipe(
    v.number(),
    v.integer(message),
    v.minValue(limits.min, message),
    v.maxValue(limits.max, message),
  );
};

export const years = whole('years', 'years', CREDENTIAL_LIMITS.secretYears);
export const accessTokenLifetime = whole('token-lifetime', 'seconds', CREDENTIAL_LIMITS.accessTokenLifetime);
export const clientLabel = v.pipe(v.string(), v.maxLength(200, '--label takes at most 200 characters'));
