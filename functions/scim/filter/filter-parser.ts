import { type AttributePath, resolveAttributePath, resolveSubAttribute } from '../schema/attribute-path';
import type { ResourceType } from '../schema/resource-type';
import { ScimError, type ScimType } from '../scim-error';
import { comparedAttribute } from './compared-attribute';
import type { CompareOperator, CompValue, Filter } from './filter-ast';

/** Bounds that keep parsing linear and shallow whatever a client sends. */
export const FILTER_LIMITS = { length: 16_384, depth: 32, nodes: 512 } as const;

const COMPARE_OPERATORS = new Set<string>(['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le']);
const WORD_CHAR = /[A-Za-z0-9_\-.:$]/;
const JSON_NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;

/** A PATCH path (RFC 7644 §3.5.2): `attrPath` or `valuePath [ "." subAttr ]`. */
export interface PatchPath {
  readonly path: AttributePath;
  readonly valueFilter?: Filter;
}

/**
 * A recursive-descent parser for the filter grammar of RFC 7644 §3.4.2.2 (figure 1) and for PATCH paths,
 * which share it. Precedence: `not`, then `and`, then `or`; parentheses group.
 *
 * Leniency, for clients seen in the field: keywords, operators and literals in any case; any whitespace
 * where the grammar has SP; and a bare word as a compValue (`userName sw O`, as Microsoft's reference
 * collection sends) is read as a string.
 */
export class FilterParser {
  private position = 0;
  private depth = 0;
  private nodes = 0;

  constructor(
    private readonly text: string,
    private readonly resourceType: ResourceType,
    private readonly errorType: ScimType,
  ) {
    if (text.length > FILTER_LIMITS.length) this.fail(`is longer than ${FILTER_LIMITS.length} characters`);
  }

  /** The whole text as a filter. */
  parseFilter(): Filter {
    this.skipSpace();
    if (this.atEnd()) this.fail('is empty');
    const filter = this.parseOr(undefined);
    this.skipSpace();
    if (!this.atEnd()) this.fail(`has unexpected '${this.peekToken()}' at position ${this.position + 1}`);
    return filter;
  }

  /** The whole text as a PATCH path. */
  parsePatchPath(): PatchPath {
    this.skipSpace();
    const word = this.readWord();
    if (word === '') this.fail('is empty');
    let path = this.resolve(word, undefined);
    let valueFilter: Filter | undefined;
    if (this.peek() === '[') {
      // RFC 7644 §3.5.2: a value filter selects some values of a multi-valued attribute.
      if (!path.attribute.multiValued) this.fail(`filters '${path.attribute.name}', which is single-valued`);
      valueFilter = this.parseValueFilter(path);
      if (this.peek() === '.') {
        this.position++;
        const subName = this.readWord();
        const sub = subName === '' ? undefined : resolveSubAttribute(path, subName);
        if (sub === undefined) this.fail(`names an unknown sub-attribute '${subName}'`);
        path = sub;
      }
    }
    this.skipSpace();
    if (!this.atEnd()) this.fail(`has unexpected '${this.peekToken()}' at position ${this.position + 1}`);
    return valueFilter === undefined ? { path } : { path, valueFilter };
  }

  private parseOr(scope: AttributePath | undefined): Filter {
    const filters = [this.parseAnd(scope)];
    while (this.acceptKeyword('or')) filters.push(this.parseAnd(scope));
    return filters.length === 1 ? (filters[0] as Filter) : this.node({ kind: 'or', filters });
  }

  private parseAnd(scope: AttributePath | undefined): Filter {
    const filters = [this.parseUnary(scope)];
    while (this.acceptKeyword('and')) filters.push(this.parseUnary(scope));
    return filters.length === 1 ? (filters[0] as Filter) : this.node({ kind: 'and', filters });
  }

  private parseUnary(scope: AttributePath | undefined): Filter {
    if (this.acceptKeyword('not')) {
      this.enter();
      const filter = this.parseUnary(scope);
      this.depth--;
      return this.node({ kind: 'not', filter });
    }
    return this.parsePrimary(scope);
  }

  private parsePrimary(scope: AttributePath | undefined): Filter {
    this.skipSpace();
    if (this.peek() === '(') {
      this.position++;
      this.enter();
      const filter = this.parseOr(scope);
      this.depth--;
      this.skipSpace();
      this.expect(')');
      return filter;
    }
    const start = this.position;
    const word = this.readWord();
    if (word === '') {
      this.fail(
        this.atEnd() ? 'ends unexpectedly' : `has unexpected '${this.peekToken()}' at position ${start + 1}`,
      );
    }
    const path = this.resolve(word, scope);
    if (this.peek() === '[') {
      if (scope !== undefined) this.fail('nests a value filter inside another');
      const filter = this.parseValueFilter(path);
      return this.node({ kind: 'valuePath', path, filter });
    }
    return this.parseAttributeExpression(path, word);
  }

  private parseValueFilter(path: AttributePath): Filter {
    if (path.subAttribute !== undefined || path.attribute.type !== 'complex') {
      this.fail(`applies a value filter to '${path.attribute.name}', which has no sub-attributes`);
    }
    this.position++; // '['
    this.enter();
    const filter = this.parseOr(path);
    this.depth--;
    this.skipSpace();
    this.expect(']');
    return filter;
  }

  private parseAttributeExpression(path: AttributePath, word: string): Filter {
    this.skipSpace();
    const operator = this.readWord().toLowerCase();
    if (operator === 'pr') return this.node({ kind: 'present', path });
    if (!COMPARE_OPERATORS.has(operator)) {
      this.fail(
        operator === '' ? `needs an operator after '${word}'` : `has an unknown operator '${operator}'`,
      );
    }
    this.skipSpace();
    const start = this.position;
    const value = this.readCompValue();
    return this.node({
      kind: 'compare',
      operator: operator as CompareOperator,
      path,
      value: this.checkComparison(
        path,
        operator as CompareOperator,
        value,
        this.text.slice(start, this.position),
      ),
    });
  }

  /**
   * Rejects comparisons RFC 7644 §3.4.2.2 rules out and gives the value the attribute's type. `token` is
   * the value as written, so that a bare number compared with a string keeps its spelling (`1.50`, not `1.5`).
   */
  private checkComparison(
    path: AttributePath,
    operator: CompareOperator,
    value: CompValue,
    token: string,
  ): CompValue {
    const attribute = comparedAttribute(path);
    const name = path.subAttribute?.name ?? path.attribute.name;
    if (attribute === undefined) this.fail(`compares '${name}', which is complex`);
    const ordering = operator === 'gt' || operator === 'ge' || operator === 'lt' || operator === 'le';
    const substring = operator === 'co' || operator === 'sw' || operator === 'ew';
    if (value === null) {
      if (operator !== 'eq' && operator !== 'ne')
        this.fail(`compares '${name}' with null using '${operator}'`);
      return null;
    }
    switch (attribute.type) {
      case 'boolean': {
        if (ordering || substring) this.fail(`uses '${operator}' on the boolean '${name}'`);
        if (typeof value === 'boolean') return value;
        if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
        return this.fail(`compares the boolean '${name}' with a non-boolean`);
      }
      case 'integer':
      case 'decimal':
        if (substring) this.fail(`uses '${operator}' on the number '${name}'`);
        if (typeof value !== 'number') this.fail(`compares the number '${name}' with a non-number`);
        return value;
      case 'binary':
        if (ordering || substring) this.fail(`uses '${operator}' on the binary '${name}'`);
        if (typeof value !== 'string') this.fail(`compares the binary '${name}' with a non-string`);
        return value;
      case 'dateTime':
        if (typeof value !== 'string') this.fail(`compares the dateTime '${name}' with a non-string`);
        if (!substring && parseDateTime(value) === undefined) {
          this.fail(`compares the dateTime '${name}' with '${value}', which is not a dateTime`);
        }
        return value;
      default:
        if (typeof value === 'boolean') this.fail(`compares the string '${name}' with a boolean`);
        return typeof value === 'number' ? token : value;
    }
  }

  private resolve(word: string, scope: AttributePath | undefined): AttributePath {
    const path =
      scope === undefined ? resolveAttributePath(this.resourceType, word) : resolveSubAttribute(scope, word);
    if (path === undefined) this.fail(`names an unknown attribute '${word}'`);
    // A PATCH path may name these: `password` is accepted (and discarded), `members` goes to its own items.
    if (this.errorType === 'invalidFilter') {
      if (path.attribute.returned === 'never' || path.subAttribute?.returned === 'never') {
        this.fail(`names '${word}', which is never returned and cannot be filtered`);
      }
      if (scope === undefined && this.resourceType.computedAttributes.includes(path.attribute.name)) {
        this.fail(`names '${path.attribute.name}', which is not supported in filters`);
      }
    }
    return path;
  }

  private readCompValue(): CompValue {
    this.skipSpace();
    if (this.peek() === '"') return this.readString();
    const start = this.position;
    while (!this.atEnd() && !/[\s()[\]]/.test(this.text[this.position] as string)) this.position++;
    const token = this.text.slice(start, this.position);
    if (token === '') this.fail('needs a value after the operator');
    const lower = token.toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
    if (lower === 'null') return null;
    if (JSON_NUMBER.test(token)) return Number(token);
    return token;
  }

  private readString(): string {
    const start = this.position;
    this.position++;
    while (!this.atEnd()) {
      const c = this.text[this.position];
      if (c === '\\') this.position += 2;
      else if (c === '"') {
        this.position++;
        try {
          return JSON.parse(this.text.slice(start, this.position)) as string;
        } catch {
          return this.fail(`has an invalid string at position ${start + 1}`);
        }
      } else this.position++;
    }
    return this.fail(`has an unterminated string at position ${start + 1}`);
  }

  private readWord(): string {
    const start = this.position;
    while (!this.atEnd() && WORD_CHAR.test(this.text[this.position] as string)) this.position++;
    return this.text.slice(start, this.position);
  }

  /** Consumes `keyword` (any case) when it comes next as a whole word. */
  private acceptKeyword(keyword: string): boolean {
    this.skipSpace();
    const end = this.position + keyword.length;
    if (this.text.slice(this.position, end).toLowerCase() !== keyword) return false;
    const after = this.text[end];
    if (after !== undefined && WORD_CHAR.test(after)) return false;
    this.position = end;
    return true;
  }

  private expect(c: string): void {
    if (this.peek() !== c) {
      this.fail(this.atEnd() ? `is missing '${c}'` : `expects '${c}' at position ${this.position + 1}`);
    }
    this.position++;
  }

  private enter(): void {
    if (++this.depth > FILTER_LIMITS.depth) this.fail(`nests deeper than ${FILTER_LIMITS.depth} levels`);
  }

  private node(filter: Filter): Filter {
    if (++this.nodes > FILTER_LIMITS.nodes) this.fail(`has more than ${FILTER_LIMITS.nodes} expressions`);
    return filter;
  }

  private skipSpace(): void {
    while (!this.atEnd() && /\s/.test(this.text[this.position] as string)) this.position++;
  }

  private peek(): string | undefined {
    return this.text[this.position];
  }

  private peekToken(): string {
    return this.text.slice(this.position, this.position + 20);
  }

  private atEnd(): boolean {
    return this.position >= this.text.length;
  }

  private fail(problem: string): never {
    const subject = this.errorType === 'invalidFilter' ? 'The filter' : 'The path';
    throw ScimError.badRequest(this.errorType, `${subject} ${problem}`);
  }
}

/**
 * Parses an xsd:dateTime to epoch nanoseconds, undefined if invalid. Nanoseconds, not milliseconds, so that
 * `meta.created gt "2015-10-10T14:38:21.8617979-07:00"` (Entra sends 7 fraction digits) compares exactly.
 */
export function parseDateTime(text: string): bigint | undefined {
  const match = /^(-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/.exec(text);
  if (match === null) return undefined;
  const millis = Date.parse(`${match[1]}${match[3] ?? 'Z'}`);
  if (Number.isNaN(millis)) return undefined;
  const fraction = (match[2] ?? '.').slice(1, 10).padEnd(9, '0');
  return BigInt(millis) * 1_000_000n + BigInt(fraction);
}
