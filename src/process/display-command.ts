/** Characters a POSIX shell takes literally: such a word needs no quotes. */
const PLAIN = /^[\w@%+=:,./-]+$/;

/** Beyond this, a command line is cut: one Bandit batch can name thousands of files. */
const MAX_DISPLAY = 2000;

/**
 * An argv as a user would type it into sh, for messages only (secgate never
 * runs a string: it spawns argv arrays). Words that need it are single-quoted;
 * a very long line ends with how many arguments were left out.
 */
export function displayCommand(argv: string[], max = MAX_DISPLAY): string {
  const words = argv.map((word) => (PLAIN.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`));
  let line = '';
  for (const [i, word] of words.entries()) {
    const next = line ? `${line} ${word}` : word;
    if (next.length > max && i > 0) return `${line} … (${words.length - i} more argument${words.length - i === 1 ? '' : 's'})`;
    line = next;
  }
  return line;
}
