export const TEST_TABLES = {
  data: 'scim-data-test',
  tokens: 'scim-tokens-test',
  /** The local event store's and stream checkpoints' table (bin/local/local-event-store.ts). */
  events: 'scim-events-test',
} as const;
