import { type AttributePath, resolveAttributePath, resolveSubAttribute } from '../schema/attribute-path';
import type { ResourceType } from '../schema/resource-type';
import type { ScimType } from '../scim-error';
import type { CompareOperator, Filter } from './filter-ast';
import { FilterScanner } from './filter-scanner';
import { typedCompValue } from './typed-comp-value';

/** Bounds that keep parsing linear and shallow whatever a client sends. */
export const FILTER_LIMITS = { length: 16_384, depth: 32, nodes: 512 } as const;

const COMPARE_OPERATORS = new Set<string>(['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le']);

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
 * collection sends) is read as a string (FilterScanner).
 */
export class FilterParser extends FilterScanner {
  private depth = 0;
  private nodes = 0;

  constructor(
    text: string,
    private readonly resourceType: ResourceType,
    errorType: ScimType,
  ) {
    super(text, errorType);
    if (text.length > FILTER_LIMITS.length) this.fail(`is longer than ${FILTER_LIMITS.length} characters`);
  }

  /** The whole text as a filter. */
  parseFilter(): Filter {
    this.skipSpace();
    if (this.atEnd()) this.fail('is empty');
    const filter = this.parseOr(undefined);
    this.expectEnd();
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
    this.expectEnd();
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
    if (this.peek() === '(') return this.parseGroup(scope, ')');
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
      if (this.peek() === '.') return this.parseValueFilterSubAttribute(path, filter);
      return this.node({ kind: 'valuePath', path, filter });
    }
    return this.parseAttributeExpression(path, word);
  }

  /**
   * `emails[type eq "work"].value eq "…"`: what Entra sends when email is the matching attribute. RFC 7644's
   * filter grammar has no sub-attribute after a value filter (only PATCH paths do), but the meaning is
   * plain: a value that passes the value filter and whose sub-attribute passes the expression, i.e.
   * `emails[type eq "work" and value eq "…"]`, which is what it is parsed as.
   */
  private parseValueFilterSubAttribute(path: AttributePath, valueFilter: Filter): Filter {
    this.position++;
    const subName = this.readWord();
    if (subName === '') this.fail(`needs a sub-attribute of '${path.attribute.name}' after '.'`);
    const sub = this.resolve(subName, path);
    const expression = this.parseAttributeExpression(sub, `${path.attribute.name}[…].${subName}`);
    return this.node({
      kind: 'valuePath',
      path,
      filter: this.node({ kind: 'and', filters: [valueFilter, expression] }),
    });
  }

  private parseValueFilter(path: AttributePath): Filter {
    if (path.subAttribute !== undefined || path.attribute.type !== 'complex') {
      this.fail(`applies a value filter to '${path.attribute.name}', which has no sub-attributes`);
    }
    return this.parseGroup(path, ']');
  }

  /** `( filter )`, or `[ valFilter ]` within `scope`: the opening character comes next. */
  private parseGroup(scope: AttributePath | undefined, close: ')' | ']'): Filter {
    this.position++;
    this.enter();
    const filter = this.parseOr(scope);
    this.depth--;
    this.skipSpace();
    this.expect(close);
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
      value: typedCompValue(
        path,
        operator as CompareOperator,
        value,
        this.text.slice(start, this.position),
        (p) => this.fail(p),
      ),
    });
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

  private enter(): void {
    if (++this.depth > FILTER_LIMITS.depth) this.fail(`nests deeper than ${FILTER_LIMITS.depth} levels`);
  }

  private node(filter: Filter): Filter {
    if (++this.nodes > FILTER_LIMITS.nodes) this.fail(`has more than ${FILTER_LIMITS.nodes} expressions`);
    return filter;
  }
}
