/**
 * The comments of a Python source, as Python's tokenizer sees them: a `#`
 * outside every string literal, up to the end of its line. Pure and
 * dependency-free, so Bandit's `# nosec` can be honoured exactly where it is a
 * real comment (Bandit before 1.7.5 matched the text anywhere on a line,
 * strings included). https://docs.python.org/3/reference/lexical_analysis.html
 *
 * Rules followed:
 * - string prefixes r, u, b, f, t in any case and valid combination (rb, Rb,
 *   fR, tr…), single or double quotes, single or triple-quoted;
 * - a backslash in any string (raw ones too) keeps the next character from
 *   ending it, and a backslash at the end of a line outside strings joins lines;
 * - an f-string's replacement fields (`{…}`, not `{{`) are code again, with
 *   strings and brackets of their own and a format spec after a top-level
 *   `:` (PEP 701, Python 3.12; earlier f-strings never hold their own quote
 *   inside a field, so they are read the same);
 * - lines end at `\n`, `\r\n` or `\r`, as Python's compiler counts them (the
 *   line numbers of Bandit's results).
 *
 * Text that does not tokenize (an unterminated one-line string) ends at the end
 * of its line; such a file does not parse, and Bandit reports it as such.
 */

const STRING_PREFIXES = new Set(['r', 'u', 'b', 'br', 'rb', 'f', 'fr', 'rf', 't', 'tr', 'rt']);

function isIdentifierChar(code: number): boolean {
  return (
    (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || code === 0x5f || code >= 0x80
  );
}

class Scanner {
  pos = 0;
  line = 1;
  readonly comments = new Map<number, string>();

  constructor(private readonly text: string) {}

  private at(offset = 0): string {
    return this.text[this.pos + offset] ?? '';
  }

  /** At a line end: consumes it (`\r\n` as one) and counts the line. */
  private newline(): boolean {
    const ch = this.at();
    if (ch === '\n' || ch === '\r') {
      this.pos += ch === '\r' && this.at(1) === '\n' ? 2 : 1;
      this.line += 1;
      return true;
    }
    return false;
  }

  /**
   * Code, up to the end of the text; in an f-string's replacement field
   * (`field`), up to its closing `}` (left unconsumed).
   */
  code(field = false): void {
    let depth = 0;
    while (this.pos < this.text.length) {
      const ch = this.at();
      if (this.newline()) continue;
      if (ch === '#') {
        const start = this.pos;
        while (this.pos < this.text.length && this.at() !== '\n' && this.at() !== '\r') this.pos += 1;
        this.comments.set(this.line, this.text.slice(start, this.pos));
        continue;
      }
      if (ch === '\\') {
        this.pos += 1;
        // A line continuation; any other backslash outside a string is an error Python reports.
        this.newline();
        continue;
      }
      if (ch === '"' || ch === "'") {
        this.string('');
        continue;
      }
      if (isIdentifierChar(ch.charCodeAt(0))) {
        const start = this.pos;
        while (this.pos < this.text.length && isIdentifierChar(this.text.charCodeAt(this.pos))) this.pos += 1;
        const word = this.text.slice(start, this.pos).toLowerCase();
        if ((this.at() === '"' || this.at() === "'") && STRING_PREFIXES.has(word)) this.string(word);
        continue;
      }
      if (field) {
        if (ch === '(' || ch === '[' || ch === '{') depth += 1;
        else if (ch === ')' || ch === ']') depth = Math.max(0, depth - 1);
        else if (ch === '}') {
          if (depth === 0) return;
          depth -= 1;
        } else if (ch === ':' && depth === 0) {
          this.pos += 1;
          this.formatSpec();
          return;
        }
      }
      this.pos += 1;
    }
  }

  /** A replacement field's format spec: literal text with nested fields, up to the field's `}` (left unconsumed). */
  private formatSpec(): void {
    while (this.pos < this.text.length) {
      const ch = this.at();
      if (ch === '}' || ch === '\n' || ch === '\r' || ch === '"' || ch === "'") {
        // `}` closes the field; a line end or a quote means the spec is broken: the string decides.
        if (ch === '}') return;
        if (this.newline()) continue;
        return;
      }
      if (ch === '{') {
        this.pos += 1;
        this.code(true);
        if (this.at() === '}') this.pos += 1;
        continue;
      }
      this.pos += 1;
    }
  }

  /** A string literal whose prefix (lower case) has been read; the position is at its opening quote. */
  private string(prefix: string): void {
    const quote = this.at();
    const triple = this.at(1) === quote && this.at(2) === quote;
    const formatted = prefix.includes('f') || prefix.includes('t');
    const raw = prefix.includes('r');
    this.pos += triple ? 3 : 1;
    while (this.pos < this.text.length) {
      const ch = this.at();
      if (ch === '\\') {
        // `\N{NAME}` in a formatted, non-raw string is one escape, not a field.
        if (formatted && !raw && this.at(1) === 'N' && this.at(2) === '{') {
          const close = this.text.indexOf('}', this.pos + 3);
          const lineEnd = this.text.slice(this.pos, close < 0 ? undefined : close).search(/[\r\n]/);
          if (close >= 0 && lineEnd < 0) {
            this.pos = close + 1;
            continue;
          }
        }
        this.pos += 1;
        // The next character never ends the string (a quote) nor, escaped, its line; `\{` still opens a field.
        if (formatted && this.at() === '{') continue;
        if (!this.newline()) this.pos += 1;
        continue;
      }
      if (ch === '\n' || ch === '\r') {
        if (!triple) return;
        this.newline();
        continue;
      }
      if (ch === quote && (!triple || (this.at(1) === quote && this.at(2) === quote))) {
        this.pos += triple ? 3 : 1;
        return;
      }
      if (formatted && ch === '{') {
        if (this.at(1) === '{') {
          this.pos += 2;
          continue;
        }
        this.pos += 1;
        this.code(true);
        if (this.at() === '}') this.pos += 1;
        continue;
      }
      this.pos += 1;
    }
  }
}

/** Line number (1-based) → the comment on that line, `#` included. */
export function pythonComments(source: string): Map<number, string> {
  const scanner = new Scanner(source);
  scanner.code();
  return scanner.comments;
}
