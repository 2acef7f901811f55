/** JSON parsing that reports instead of throwing, and line numbers for its keys. */
import type { Parsed } from './toml.js';

export function parseJson(text: string, what: string, lineAt: (offset: number) => number): Parsed<unknown> {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // V8 names a position or a line, depending on the version and the error.
    const line = /line (\d+)/.exec(message)?.[1];
    const position = /position (\d+)/.exec(message)?.[1];
    const at = line !== undefined ? Number(line) : position !== undefined ? lineAt(Number(position)) : 1;
    const reason = message.length > 200 ? `${message.slice(0, 200)}…` : message;
    return { error: { line: Math.max(1, at), message: `${what} is not valid JSON: ${reason}` } };
  }
}

/**
 * One pass over the text records where each key of a
 * second-level object starts (`"default": { "requests": {` → requests' line).
 */
export function secondLevelKeyLines(text: string): Map<string, Map<string, number>> {
  const lines = new Map<string, Map<string, number>>();
  const stack: { object: boolean; expectKey: boolean }[] = [];
  let outer = '';
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (c === '\n') line++;
    else if (c === '{' || c === '[') stack.push({ object: c === '{', expectKey: c === '{' });
    else if (c === '}' || c === ']') stack.pop();
    else if (c === ':') {
      const top = stack.at(-1);
      if (top) top.expectKey = false;
    } else if (c === ',') {
      const top = stack.at(-1);
      if (top?.object) top.expectKey = true;
    } else if (c === '"') {
      let end = i + 1;
      while (end < text.length && text.charAt(end) !== '"') end += text.charAt(end) === '\\' ? 2 : 1;
      const top = stack.at(-1);
      if (top?.object && top.expectKey) {
        const key = JSON.parse(text.slice(i, end + 1)) as string;
        if (stack.length === 1) outer = key;
        else if (stack.length === 2 && stack[0]?.object) {
          const keys = lines.get(outer) ?? new Map<string, number>();
          if (!keys.has(key)) keys.set(key, line);
          lines.set(outer, keys);
        }
      }
      i = end;
    }
  }
  return lines;
}
