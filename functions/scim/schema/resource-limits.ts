/** Bounds that keep one resource far below DynamoDB's 400 KB item limit whatever a client sends. */
export const LIMITS = {
  stringLength: 2048,
  binaryLength: 16_384,
  multiValuedEntries: 100,
  resourceBytes: 96 * 1024,
} as const;
