/**
 * A tenant id names one customer of the vendor: the admin CLI chooses it when it creates the tenant, and
 * the authorizer hands it to every request afterwards. It is 1–63 characters of a-z, 0-9 and `-`, starting
 * with a letter or digit (the characters and length of a DNS label, RFC 1123 §2.1), because it is written
 * into places with their own syntax: every table key starts with `TENANT#<tenant>` (so it can hold no `#`, see
 * docs/table-design.md), API Gateway API key names (`scim-tenant-<tenant>`), log fields and CLI output.
 * One case only, so two tenants never differ by case alone.
 */
export const TENANT_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;
