/**
 * Keys of SCIM messages (PatchOp, SearchRequest) are matched case-insensitively, like attribute names
 * (RFC 7643 §2.1): returns the entries of `input` whose keys are among `names`, under the spelling of
 * `names`; other keys are dropped. Only names from the list are written, so `__proto__` cannot get in.
 */
export function canonicalKeys(
  input: Record<string, unknown>,
  names: readonly string[],
): Record<string, unknown> {
  const output: Record<string, unknown> = {};
  for (const key of Object.keys(input)) {
    const name = names.find((n) => n.toLowerCase() === key.toLowerCase());
    if (name !== undefined) output[name] = input[key];
  }
  return output;
}
