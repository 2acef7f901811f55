/**
 * Where a config file stops parsing, told without quoting the file: a line,
 * a column, and the offending token only. A parser's own message may carry
 * a code frame (lines around the error), and a config's neighbour lines may
 * hold secrets (a token in package.json, an environment dump behind a link).
 */

export interface SyntaxPlace {
  line: number;
  column: number;
  token: string;
}

/** The most of a token a message shows. */
const TOKEN_MAX = 24;

/** The token at `offset`: a run of word characters (cut at 24), or the one character; quoted for the message. */
export function tokenAt(text: string, offset: number): string {
  if (offset >= text.length) return 'the end of the file';
  const word = /^[\p{L}\p{N}_$.+-]+/u.exec(text.slice(offset, offset + TOKEN_MAX + 1))?.[0];
  const token = word ?? [...text.slice(offset, offset + 2)][0] ?? '';
  return JSON.stringify(token.length > TOKEN_MAX ? `${token.slice(0, TOKEN_MAX)}…` : token);
}

/** 1-based line and column of an offset. */
export function placeAt(text: string, offset: number): SyntaxPlace {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - (before.lastIndexOf('\n') + 1) + 1;
  return { line, column, token: tokenAt(text, offset) };
}

/** The offset of a 1-based line and column. */
export function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let current = 1; current < line; current++) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  return Math.min(text.length, offset + Math.max(0, column - 1));
}

class Stop {
  constructor(readonly offset: number) {}
}

/**
 * The offset where JSON text stops being JSON (call it after JSON.parse
 * failed): V8's messages quote the text around the error, so the place is
 * found here instead, by a small recursive-descent reader of RFC 8259.
 */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  const fail = (at = i): never => {
    throw new Stop(at);
  };
  const space = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i] as string)) i++;
  };
  const literal = (word: string) => {
    for (const char of word) if (text[i++] !== char) fail(i - 1);
  };
  const string = () => {
    i++;
    for (;;) {
      const char = text[i];
      if (char === undefined) return fail();
      if (char === '"') {
        i++;
        return;
      }
      if (char === '\\') {
        const escape = text[i + 1];
        if (escape === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail(i);
          i += 6;
        } else if (escape !== undefined && '"\\/bfnrt'.includes(escape)) i += 2;
        else fail(i);
      } else if ((char.codePointAt(0) ?? 0) < 0x20) fail();
      else i++;
    }
  };
  const number = () => {
    const match = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i));
    if (!match) fail();
    i += (match as RegExpExecArray)[0].length;
  };
  const value = (): void => {
    space();
    const char = text[i];
    if (char === '{') {
      i++;
      space();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        space();
        if (text[i] !== '"') fail();
        string();
        space();
        if (text[i] !== ':') fail();
        i++;
        value();
        space();
        if (text[i] === ',') i++;
        else if (text[i] === '}') {
          i++;
          return;
        } else fail();
      }
    }
    if (char === '[') {
      i++;
      space();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value();
        space();
        if (text[i] === ',') i++;
        else if (text[i] === ']') {
          i++;
          return;
        } else fail();
      }
    }
    if (char === '"') return string();
    if (char === 't') return literal('true');
    if (char === 'f') return literal('false');
    if (char === 'n') return literal('null');
    if (char === '-' || (char !== undefined && char >= '0' && char <= '9')) return number();
    fail();
  };
  try {
    value();
    space();
    if (i < text.length) fail();
  } catch (stop) {
    if (stop instanceof Stop) return stop.offset;
    throw stop;
  }
  return text.length;
}
