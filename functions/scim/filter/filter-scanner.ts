import type { ScimType } from '../scim-error';
import { ScimError } from '../scim-error';
import type { CompValue } from './filter-ast';

const WORD_CHAR = /[A-Za-z0-9_\-.:$]/;
const JSON_NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;

/**
 * The lexical level of the filter grammar (RFC 7644 §3.4.2.2): words, keywords in any case, compValues and
 * JSON strings, read from a position that only moves forward; errors are 400s of `errorType`.
 */
export class FilterScanner {
  protected position = 0;

  constructor(
    protected readonly text: string,
    protected readonly errorType: ScimType,
  ) {}

  /** A compValue; a bare word (`userName sw O`, as Microsoft's reference collection sends) is a string. */
  protected readCompValue(): CompValue {
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

  protected readWord(): string {
    const start = this.position;
    while (!this.atEnd() && WORD_CHAR.test(this.text[this.position] as string)) this.position++;
    return this.text.slice(start, this.position);
  }

  /** Consumes `keyword` (any case) when it comes next as a whole word. */
  protected acceptKeyword(keyword: string): boolean {
    this.skipSpace();
    const end = this.position + keyword.length;
    if (this.text.slice(this.position, end).toLowerCase() !== keyword) return false;
    const after = this.text[end];
    if (after !== undefined && WORD_CHAR.test(after)) return false;
    this.position = end;
    return true;
  }

  protected expect(c: string): void {
    if (this.peek() !== c) {
      this.fail(this.atEnd() ? `is missing '${c}'` : `expects '${c}' at position ${this.position + 1}`);
    }
    this.position++;
  }

  /** Any whitespace where the grammar has SP, for clients seen in the field. */
  protected skipSpace(): void {
    while (!this.atEnd() && /\s/.test(this.text[this.position] as string)) this.position++;
  }

  protected peek(): string | undefined {
    return this.text[this.position];
  }

  protected peekToken(): string {
    return this.text.slice(this.position, this.position + 20);
  }

  protected atEnd(): boolean {
    return this.position >= this.text.length;
  }

  /** Fails unless the whole text has been read. */
  protected expectEnd(): void {
    this.skipSpace();
    if (!this.atEnd()) this.fail(`has unexpected '${this.peekToken()}' at position ${this.position + 1}`);
  }

  protected fail(problem: string): never {
    const subject = this.errorType === 'invalidFilter' ? 'The filter' : 'The path';
    throw ScimError.badRequest(this.errorType, `${subject} ${problem}`);
  }
}
