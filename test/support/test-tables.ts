export const TEST_TABLES = { data: 'scim-data-test', tokens: 'scim-tokens-test' } as const;
