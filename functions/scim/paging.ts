/**
 * Paging defaults (RFC 7644 §3.4.2.4), applied to list requests and advertised in ServiceProviderConfig.
 * A module of its own so that the discovery function, which only advertises them, bundles no valibot.
 */
export const PAGING = { defaultCount: 100, maxCount: 1000 } as const;
