import * as v from 'valibot';
import { TENANT_ID_PATTERN } from '../scim/tenant-id';
import {
  accessTokenLifetime,
  audience,
  clientId,
  clientLabel,
  guid,
  secretId,
  trustUrl,
  years,
} from './credential-validation';

const tenantId = v.pipe(
  v.string(),
  v.regex(
    TENANT_ID_PATTERN,
    'tenant ids are 1–63 characters of a-z, 0-9 and -, starting with a letter or digit',
  ),
);
const tier = v.pipe(v.string(), v.minLength(1));
const label = v.pipe(v.string(), v.maxLength(200));
/** Checked strictly (a real calendar date, in the future) by the command: see token-expiry.ts. */
const expiresAt = v.pipe(v.string(), v.maxLength(64));

/** A number of days of a tenant's policy; its range is checked by policy-change.ts. */
const days = v.pipe(v.number(), v.integer());

/** What the admin function can be asked to do; the CLI sends exactly these. */
export const adminRequestSchema = v.variant('action', [
  v.object({ action: v.literal('createTenant'), tenantId, tier: v.optional(tier) }),
  v.object({ action: v.literal('listTenants') }),
  v.object({ action: v.literal('getTenant'), tenantId }),
  v.object({ action: v.literal('moveTenant'), tenantId, tier }),
  v.object({ action: v.literal('deleteTenant'), tenantId, purge: v.optional(v.boolean()) }),
  /** Sent by the admin function to itself: the next bounded step of a purge in the background. */
  v.object({
    action: v.literal('continuePurge'),
    tenantId,
    step: v.pipe(v.number(), v.integer(), v.minValue(1)),
  }),
  /** `tenants set`: each field absent keeps its setting; policy-change.ts checks them together. */
  v.object({
    action: v.literal('setTenantPolicy'),
    tenantId,
    deletion: v.optional(v.pipe(v.string(), v.maxLength(16))),
    retainDays: v.optional(days),
    purgeDeactivatedAfterDays: v.optional(v.union([days, v.literal('off')])),
    pause: v.optional(v.boolean()),
    resume: v.optional(v.boolean()),
    /** An instant or `off`; checked against the clock by policy-change.ts. */
    logBodiesUntil: v.optional(v.pipe(v.string(), v.maxLength(64))),
  }),
  v.object({ action: v.literal('disableTenant'), tenantId }),
  /** `tenants reindex`: the email items of users stored before they existed; `from` resumes after a user id. */
  v.object({ action: v.literal('reindexTenant'), tenantId, from: v.optional(v.pipe(v.string(), v.uuid())) }),
  v.object({ action: v.literal('enableTenant'), tenantId }),
  /** `logs`: a page of the tenant's request log from `since` (ISO) on, oldest first; `after` resumes. */
  v.strictObject({
    action: v.literal('listRequestLog'),
    tenantId,
    since: v.pipe(v.string(), v.isoTimestamp()),
    after: v.optional(v.pipe(v.string(), v.maxLength(200))),
  }),
  v.object({
    action: v.literal('createToken'),
    tenantId,
    label: v.optional(label),
    expiresAt: v.optional(expiresAt),
  }),
  v.object({ action: v.literal('listTokens'), tenantId }),
  v.object({
    action: v.literal('revokeToken'),
    tenantId,
    tokenId: v.pipe(v.string(), v.regex(/^tok_[0-9a-f]{16}$/)),
  }),
  v.object({
    action: v.literal('rotateToken'),
    tenantId,
    tokenId: v.pipe(v.string(), v.regex(/^tok_[0-9a-f]{16}$/)),
    /** The replacement's expiry; without it, the replaced token's expiry (or none) carries over. */
    expiresAt: v.optional(expiresAt),
  }),
  // Issue 12: OAuth 2.0 clients with their secrets, and Entra workload identity trusts (strict: the CLI
  // sends exactly these fields; credential-validation.ts checks each).
  v.strictObject({
    action: v.literal('createClient'),
    tenantId,
    label: v.optional(clientLabel),
    years: v.optional(years),
    accessTokenLifetime: v.optional(accessTokenLifetime),
  }),
  v.strictObject({ action: v.literal('listClients'), tenantId }),
  v.strictObject({ action: v.literal('deleteClient'), tenantId, clientId }),
  v.strictObject({
    action: v.literal('addClientSecret'),
    tenantId,
    clientId,
    years: v.optional(years),
  }),
  v.strictObject({ action: v.literal('listClientSecrets'), tenantId, clientId }),
  v.strictObject({ action: v.literal('revokeClientSecret'), tenantId, clientId, secretId }),
  v.strictObject({
    action: v.literal('createTrust'),
    tenantId,
    entraTenant: guid('entra-tenant', "the Entra tenant's id"),
    subject: guid('subject', "the object id of Entra's workload identity (service principal)"),
    audience,
    issuer: v.optional(trustUrl('issuer')),
    jwksUri: v.optional(trustUrl('jwks-uri')),
    label: v.optional(clientLabel),
    accessTokenLifetime: v.optional(accessTokenLifetime),
  }),
  v.strictObject({ action: v.literal('listTrusts'), tenantId }),
  v.strictObject({ action: v.literal('deleteTrust'), tenantId, clientId }),
]);

export type AdminRequest = v.InferOutput<typeof adminRequestSchema>;
/** The name of an admin command: the request's `action`. */
export type AdminAction = AdminRequest['action'];
/** The request of one command. */
export type RequestOf<A extends AdminAction> = Extract<AdminRequest, { action: A }>;

/**
 * Why the schema refuses a request, in the words of its first issue (the CLI's refusal, exit 2), or
 * undefined if it accepts it.
 */
export function requestProblem(request: unknown): string | undefined {
  const parsed = v.safeParse(adminRequestSchema, request);
  return parsed.success ? undefined : parsed.issues[0].message;
}

/** Admin answers carry expected failures as data, so that the CLI can explain them. */
export type AdminResponse =
  | { readonly ok: true; readonly result: unknown }
  | { readonly ok: false; readonly error: { readonly code: AdminErrorCode; readonly message: string } };

export type AdminErrorCode =
  | 'InvalidRequest'
  | 'TenantNotFound'
  | 'TenantExists'
  | 'TokenNotFound'
  /** The tenant has no such client (or trust): another tenant's client id is not found either. */
  | 'ClientNotFound'
  | 'SecretNotFound'
  /** The client has MAX_ACTIVE_SECRETS (client-store.ts) active secrets: one must be revoked first. */
  | 'TooManySecrets'
  | 'UnknownTier'
  /** Another request is creating or deleting this tenant: retry once it is done. */
  | 'TenantBusy'
  /** A step failed part-way; running the same command again completes it. */
  | 'Incomplete';
