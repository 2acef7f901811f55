/** Turning a manifest's bytes into lines, refusing what is not text. */

const utf8 = new TextDecoder('utf-8', { fatal: true });
const utf16le = new TextDecoder('utf-16le', { fatal: true });
const utf16be = new TextDecoder('utf-16be', { fatal: true });

/** UTF-32 (TextDecoder has no such label): code points of four bytes, refused when out of range or a surrogate. */
function decodeUtf32(bytes: Buffer, littleEndian: boolean): string {
  if (bytes.length % 4 !== 0) throw new Error('truncated UTF-32');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const parts: string[] = [];
  const chunk: number[] = [];
  for (let i = 0; i < bytes.length; i += 4) {
    const code = view.getUint32(i, littleEndian);
    if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) throw new Error('not UTF-32');
    chunk.push(code);
    if (chunk.length === 8192) parts.push(String.fromCodePoint(...chunk.splice(0)));
  }
  parts.push(String.fromCodePoint(...chunk));
  return parts.join('');
}

/**
 * The byte-order marks pip's auto_decode() honours, longest first (a UTF-32 LE
 * mark begins with the UTF-16 LE one), and how to decode what follows.
 */
const BOMS: { bom: number[]; name: string; decode: (bytes: Buffer) => string }[] = [
  { bom: [0xef, 0xbb, 0xbf], name: 'UTF-8', decode: (b) => utf8.decode(b) },
  { bom: [0xff, 0xfe, 0x00, 0x00], name: 'UTF-32', decode: (b) => decodeUtf32(b, true) },
  { bom: [0x00, 0x00, 0xfe, 0xff], name: 'UTF-32', decode: (b) => decodeUtf32(b, false) },
  { bom: [0xff, 0xfe], name: 'UTF-16', decode: (b) => utf16le.decode(b) },
  { bom: [0xfe, 0xff], name: 'UTF-16', decode: (b) => utf16be.decode(b) },
];

/**
 * The text of a manifest, or why it is not text. Like pip (auto_decode), a
 * byte-order mark names the encoding (UTF-8, UTF-16 or UTF-32, either byte
 * order) and is dropped; without one the file must be UTF-8.
 */
export function decodeText(content: Buffer): { text: string } | { error: string } {
  const marked = BOMS.find(({ bom }) => content.length >= bom.length && bom.every((byte, i) => content[i] === byte));
  const body = marked ? content.subarray(marked.bom.length) : content;
  let text: string;
  try {
    text = marked ? marked.decode(body) : utf8.decode(body);
  } catch {
    return { error: marked ? `not valid ${marked.name} text (after its byte-order mark)` : 'not valid UTF-8 text' };
  }
  // A NUL character never occurs in a text manifest; an unmarked UTF-16 file is full of them.
  if (text.includes('\0')) return { error: 'binary content (a NUL byte), not a text file' };
  return { text };
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
