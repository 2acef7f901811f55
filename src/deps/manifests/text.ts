/** Turning a manifest's bytes into lines, refusing what is not UTF-8 text. */

const decoder = new TextDecoder('utf-8', { fatal: true });

/** The text of a manifest (a UTF-8 BOM dropped), or why it is not text. */
export function decodeText(content: Buffer): { text: string } | { error: string } {
  // A NUL byte never occurs in a text manifest; UTF-16 files are full of them.
  if (content.includes(0)) return { error: 'binary content (a NUL byte), not a UTF-8 text file' };
  try {
    return { text: decoder.decode(content) };
  } catch {
    return { error: 'not valid UTF-8 text' };
  }
}

/** Physical lines: `\r\n`, `\n` and a lone `\r` all end one. */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\n|\r/);
}

/** 1-based line of a character offset, by binary search over line starts (no rescans of large files). */
export function lineFinder(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) starts.push(i + 1);
  }
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}
