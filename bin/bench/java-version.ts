/**
 * The Java runtime as the report names it, from the first line `java -version` writes (to stderr), e.g.
 * `openjdk version "17.0.15" 2025-04-15` → `OpenJDK 17.0.15 2025-04-15`; "unknown" without one.
 */
export function javaVersion(stderr: string | undefined): string {
  const first = stderr?.split('\n')[0]?.trim() ?? '';
  if (first === '') return 'unknown';
  return first
    .replace(/^openjdk version /, 'OpenJDK ')
    .replace(/^java version /, 'Java ')
    .replace(/"/g, '');
}
