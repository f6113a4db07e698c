/**
 * The port of the tenants' request logs (issue 14): what a line holds, and where it is written
 * (functions/storage/request-log-store.ts). No value of an attribute, no credential, no body is in a line,
 * but for the redacted body while the tenant's policy keeps bodies (`logBodiesUntil`).
 */

/**
 * The client a request came from, as far as the request shows it:
 * - `okta`: Okta's SCIM client names itself in User-Agent (`Okta SCIM Client 1.0.0`);
 * - `entra-aadoptscim062020`: the Tenant URL's `?aadOptscim062020` flag (Microsoft's compliant mode);
 * - `entra-on-demand`: the flag, but a PATCH in Entra's older form (capitalised `Add`/`Replace`/`Remove`):
 *   Microsoft documents that the flag does not apply to provisioning on demand;
 * - `entra-legacy`: no flag, and a PATCH in that older form;
 * - `other`: anything else, including Entra's GET and POST without the flag, which look like anyone's.
 */
export type Dialect = 'okta' | 'entra-aadoptscim062020' | 'entra-on-demand' | 'entra-legacy' | 'other';

/** One line of a tenant's request log: what was asked and answered, never a credential. */
export interface RequestLogEntry {
  /** When the request arrived (ISO 8601, milliseconds). */
  readonly time: string;
  readonly method: string;
  /** The path as requested, ids included (no query string: filters carry values). */
  readonly path: string;
  readonly status: number;
  readonly scimType?: string;
  readonly detail?: string;
  /** Why a credential was refused (`revoked`, `expired`, `wrong_secret`…): for the authorizer's and the token endpoint's lines. */
  readonly reason?: string;
  readonly dialect: Dialect;
  readonly latencyMs: number;
  /** API Gateway's request id: the one in its access log. */
  readonly requestId: string;
  /** The id of the Secret Token or OAuth client the request was authorised with, never the credential. */
  readonly credentialId?: string;
  /** The names of the attributes a write sent (not their values), at most MAX_ATTRIBUTE_NAMES. */
  readonly attributes?: readonly string[];
  /** What this kind of failure means for the identity admin, and what to do (failure-hints.ts). */
  readonly hint?: string;
  /**
   * Only while the tenant's `logBodiesUntil` is ahead: the request's JSON body, credentials redacted,
   * serialized and bounded (functions/http/redacted-body.ts). Such a line expires sooner (the store's
   * BODY_RETENTION_HOURS). Never on the authorizer's or the token endpoint's lines.
   */
  readonly body?: string;
}

/** Where a tenant's request log is written. */
export interface RequestLogSink {
  write(tenant: string, entry: RequestLogEntry): Promise<void>;
}
