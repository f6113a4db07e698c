/**
 * A CloudWatch Logs JSON filter pattern evaluator for the patterns this stack generates:
 * `{ $.field = "text" }`, `{ $.field = 429 }`, and their `||` combinations in parentheses. It refuses any
 * other pattern rather than guess. A quoted value is a string comparison and matches a JSON string; an
 * unquoted number is a numeric comparison and matches a JSON number, never the string "429".
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
 */
export function filterPatternMatches(pattern: string, line: string): boolean {
  const body = /^\{\s*(.*?)\s*\}$/.exec(pattern.trim())?.[1];
  if (body === undefined) throw new Error(`not a JSON filter pattern: ${pattern}`);
  let event: unknown;
  try {
    event = JSON.parse(line);
  } catch {
    return false; // CloudWatch Logs evaluates JSON patterns only on log events that are JSON
  }
  return body.split('||').some((term) =>
    termMatches(
      term
        .trim()
        .replace(/^\((.*)\)$/, '$1')
        .trim(),
      event,
    ),
  );
}

function termMatches(term: string, event: unknown): boolean {
  const match = /^\$\.([A-Za-z0-9_]+)\s*=\s*(?:"([^"]*)"|(-?\d+(?:\.\d+)?))$/.exec(term);
  if (match === null) throw new Error(`unsupported filter term: ${term}`);
  const [, field, text, number] = match;
  const value = (event as Record<string, unknown>)[field as string];
  return text !== undefined ? value === text : typeof value === 'number' && value === Number(number);
}
