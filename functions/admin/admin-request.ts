import * as v from 'valibot';
import { TENANT_ID_PATTERN } from '../scim/tenant-id';

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
  }),
  v.object({ action: v.literal('disableTenant'), tenantId }),
  v.object({ action: v.literal('enableTenant'), tenantId }),
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
]);

export type AdminRequest = v.InferOutput<typeof adminRequestSchema>;
/** The name of an admin command: the request's `action`. */
export type AdminAction = AdminRequest['action'];
/** The request of one command. */
export type RequestOf<A extends AdminAction> = Extract<AdminRequest, { action: A }>;

/** Admin answers carry expected failures as data, so that the CLI can explain them. */
export type AdminResponse =
  | { readonly ok: true; readonly result: unknown }
  | { readonly ok: false; readonly error: { readonly code: AdminErrorCode; readonly message: string } };

export type AdminErrorCode =
  | 'InvalidRequest'
  | 'TenantNotFound'
  | 'TenantExists'
  | 'TokenNotFound'
  | 'UnknownTier'
  /** Another request is creating or deleting this tenant: retry once it is done. */
  | 'TenantBusy'
  /** A step failed part-way; running the same command again completes it. */
  | 'Incomplete';
