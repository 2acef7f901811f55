/**
 * Words that say "yes" or "later" but not why. Compared with the letters and
 * digits of a reason, lowercased (so "OK!" and "t.b.d." are caught too).
 */
const PLACEHOLDERS = new Set([
  'true',
  'yes',
  'on',
  'ok',
  'okay',
  'na',
  'none',
  'null',
  'undefined',
  'tbd',
  'todo',
  'wip',
  'skip',
  'bypass',
  'ignore',
  'reason',
  'because',
  'test',
  'asdf',
  'foo',
  'bar',
]);

/**
 * Whether a text is a reason: what an ignore and a bypass both need. Pure.
 * Whitespace, zero-width and other invisible characters do not count; what
 * remains needs three characters, two different letters or digits, and must
 * not be a placeholder word. So "", "   ", "\u200b", "x", "-", "...", "xxx"
 * and "yes" are no reasons; "flaky CI, INC-12" is.
 */
export function isReason(text: string): boolean {
  const visible = text.normalize('NFKC').replace(/[\p{White_Space}\p{Cc}\p{Cf}\p{Z}\p{M}]/gu, '');
  if ([...visible].length < 3) return false;
  const alnum = visible.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
  if (new Set(alnum).size < 2) return false;
  return !PLACEHOLDERS.has(alnum);
}
