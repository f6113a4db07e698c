import * as v from 'valibot';
import { TENANT_ID_PATTERN } from '../http/scim-request';

const tenantId = v.pipe(
  v.string(),
  v.regex(
    TENANT_ID_PATTERN,
    'tenant ids are 1–63 characters of a-z, 0-9 and -, starting with a letter or digit',
  ),
);
const tier = v.pipe(v.string(), v.minLength(1));
const label = v.pipe(v.string(), v.maxLength(200));

/** What the admin function can be asked to do; the CLI sends exactly these. */
export const adminRequestSchema = v.variant('action', [
  v.object({ action: v.literal('createTenant'), tenantId, tier: v.optional(tier) }),
  v.object({ action: v.literal('listTenants') }),
  v.object({ action: v.literal('getTenant'), tenantId }),
  v.object({ action: v.literal('moveTenant'), tenantId, tier }),
  v.object({ action: v.literal('disableTenant'), tenantId }),
  v.object({ action: v.literal('enableTenant'), tenantId }),
  v.object({
    action: v.literal('createToken'),
    tenantId,
    label: v.optional(label),
    expiresAt: v.optional(v.pipe(v.string(), v.isoTimestamp('expiresAt must be an ISO 8601 timestamp'))),
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
  }),
]);

export type AdminRequest = v.InferOutput<typeof adminRequestSchema>;

/** Admin answers carry expected failures as data, so that the CLI can explain them. */
export type AdminResponse =
  | { readonly ok: true; readonly result: unknown }
  | { readonly ok: false; readonly error: { readonly code: AdminErrorCode; readonly message: string } };

export type AdminErrorCode =
  | 'InvalidRequest'
  | 'TenantNotFound'
  | 'TenantExists'
  | 'TokenNotFound'
  | 'UnknownTier';
