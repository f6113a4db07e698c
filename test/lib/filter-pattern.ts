/**
 * A CloudWatch Logs JSON filter pattern evaluator for the patterns this stack generates:
 * `{ $.field = "text" }`, `{ $.field = 429 }`, and their `||` and `&&` combinations in parentheses (`&&`
 * binds tighter, as in the documented compound expressions). It refuses any other pattern rather than
 * guess. A quoted value is a string comparison and matches a JSON string; an unquoted number is a numeric
 * comparison and matches a JSON number, never the string "429".
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
  return expressionMatches(body, event);
}

/** `a || b`, `a && b`, `(…)` or a term; `||` splits first, so `&&` binds tighter. */
function expressionMatches(expression: string, event: unknown): boolean {
  const text = unwrapped(expression.trim());
  const alternatives = splitOutside(text, '||');
  if (alternatives.length > 1) return alternatives.some((a) => expressionMatches(a, event));
  const conjuncts = splitOutside(text, '&&');
  if (conjuncts.length > 1) return conjuncts.every((c) => expressionMatches(c, event));
  return termMatches(text, event);
}

/** The expression without parentheses that enclose all of it. */
function unwrapped(expression: string): string {
  let text = expression;
  while (text.startsWith('(') && closingOf(text, 0) === text.length - 1) text = text.slice(1, -1).trim();
  return text;
}

function closingOf(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth++;
    if (text[i] === ')' && --depth === 0) return i;
  }
  throw new Error(`unbalanced parentheses: ${text}`);
}

/** The parts of the text between the operators that stand outside any parentheses and quotes. */
function splitOutside(text: string, operator: '||' | '&&'): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === '(') depth++;
    else if (!quoted && c === ')') depth--;
    else if (!quoted && depth === 0 && text.startsWith(operator, i)) {
      parts.push(text.slice(start, i));
      start = i + operator.length;
      i += operator.length - 1;
    }
  }
  return [...parts, text.slice(start)];
}

function termMatches(term: string, event: unknown): boolean {
  const match = /^\$\.([A-Za-z0-9_]+)\s*=\s*(?:"([^"]*)"|(-?\d+(?:\.\d+)?))$/.exec(term);
  if (match === null) throw new Error(`unsupported filter term: ${term}`);
  const [, field, text, number] = match;
  const value = (event as Record<string, unknown>)[field as string];
  return text !== undefined ? value === text : typeof value === 'number' && value === Number(number);
}
