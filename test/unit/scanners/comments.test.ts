import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { pythonComments } from '../../../src/scanners/bandit/comments.js';

const comments = (source: string) => Object.fromEntries(pythonComments(source));

/** The comments Python's own tokenizer (the one Bandit 1.7.5+ uses) finds; null where the source does not compile. */
function tokenizeWithPython(sources: string[]): (Record<number, string> | null)[] {
  const script = [
    'import io, json, sys, tokenize',
    'out = []',
    'for src in json.load(sys.stdin):',
    '    found = {}',
    '    try:',
    '        compile(src, "x.py", "exec")',
    '        for tok in tokenize.generate_tokens(io.StringIO(src).readline):',
    '            if tok.type == tokenize.COMMENT: found[tok.start[0]] = tok.string',
    '    except (tokenize.TokenError, SyntaxError, IndentationError, ValueError):',
    '        found = None',
    '    out.append(found)',
    'print(json.dumps(out))',
  ].join('\n');
  const output = execFileSync('/usr/bin/python3', ['-c', script], { input: JSON.stringify(sources), encoding: 'utf8' });
  return (JSON.parse(output) as (Record<string, string> | null)[]).map((answer) =>
    answer === null ? null : Object.fromEntries(Object.entries(answer).map(([line, text]) => [Number(line), text])),
  );
}

/** Sources with the comments Python's tokenizer finds in them (line → text). */
const CASES: [name: string, source: string, expected: Record<number, string>][] = [
  ['a plain comment', 'x = 1  # nosec\n', { 1: '# nosec' }],
  ['a comment line', '# first\nx = 1\n#second', { 1: '# first', 3: '#second' }],
  ['no comment', 'x = 1\ny = 2\n', {}],
  ['# in a double-quoted string', 'x = "# nosec"\n', {}],
  ['# in a single-quoted string', "x = '# nosec'  # real\n", { 1: '# real' }],
  ['a default argument holding # nosec', 'def run(cmd, tag="# nosec"):\n    call(cmd)\n', {}],
  ['an escaped quote does not end the string', 'x = "a \\" # nosec"\n', {}],
  ['an escaped backslash does end it', 'x = "a \\\\"  # real\n', { 1: '# real' }],
  ['an escaped quote in single quotes', "x = 'it\\'s # nosec'\n", {}],
  ['a raw string keeps its backslash, and the quote after it', 'x = r"\\" # nosec"\n', {}],
  ['a raw string ending in an escaped backslash', 'x = r"\\\\"  # real\n', { 1: '# real' }],
  ['a triple-quoted string over lines', 'x = """\n# nosec\n"""  # after\n', { 3: '# after' }],
  ['a triple single-quoted string', "x = '''a ' \" # no\n'' # still in'''  # yes\n", { 2: '# yes' }],
  ['quotes inside a triple-quoted string', 'x = """ "" " # no """ # yes\n', { 1: '# yes' }],
  ['an escaped quote in a triple-quoted string', 'x = """ \\""" # no """ # yes\n', { 1: '# yes' }],
  ['a backslash-newline inside a one-line string', 'x = "a\\\n# nosec"\ny = 1  # real\n', { 3: '# real' }],
  ['a line continuation outside strings', 'x = 1 + \\\n    2  # two\n', { 2: '# two' }],
  ['prefixes b, u, f, rb, Br, fR, RF', 'a = b"#"\nb = u"#"\nc = f"#"\nd = rb"#"\ne = Br"#"\nf = fR"#"\ng = RF"#"  # end\n', { 7: '# end' }],
  ['a name that is not a prefix, then a string', 'x = print"# no"\n', {}],
  ['an identifier ending in a prefix letter', 'br = 1  # c\nfr = br  # d\n', { 1: '# c', 2: '# d' }],
  ['an f-string field with a string inside', 'x = f"{\'#\'}"  # real\n', { 1: '# real' }],
  ['an f-string with doubled braces', 'x = f"{{ # }}"  # real\n', { 1: '# real' }],
  ['an f-string format spec', 'x = f"{v:>{w}} # no"  # yes\n', { 1: '# yes' }],
  ['a dict in an f-string field', "x = f\"{ {'a': 1}['a'] } # no\"  # yes\n", { 1: '# yes' }],
  ['a triple-quoted f-string over lines', 'x = f"""\n{y}\n# no\n"""  # yes\n', { 4: '# yes' }],
  ['a named escape in an f-string', 'x = f"\\N{BULLET} {y} # no"  # yes\n', { 1: '# yes' }],
  ['CRLF line ends', 'x = 1  # one\r\ny = "#"\r\n# three\r\n', { 1: '# one', 3: '# three' }],
  ['an unterminated string ends at its line', 'x = "abc\ny = 1  # real\n', { 2: '# real' }],
  ['a comment with a # inside', 'x = 1  # type: ignore # nosec B602\n', { 1: '# type: ignore # nosec B602' }],
  ['non-ASCII text', 'ñ = "é # no"  # ü\n', { 1: '# ü' }],
  ['a string right after a bracket', 'f(b"#",r\'#\')  # c\n', { 1: '# c' }],
  ['an empty string then a comment', 'x = ""  # c\ny = \'\'  # d\n', { 1: '# c', 2: '# d' }],
  ['an empty triple-quoted string', 'x = """"""  # c\n', { 1: '# c' }],
];

describe('pythonComments', () => {
  it.each(CASES)('%s', (_name, source, expected) => {
    expect(comments(source)).toEqual(expected);
  });

  it('agrees with Python’s own tokenizer on every case above that compiles', () => {
    const sources = CASES.map(([, source]) => source.replace(/\r\n/g, '\n'));
    let compared = 0;
    tokenizeWithPython(sources).forEach((answer, i) => {
      if (answer === null) return;
      compared += 1;
      expect(comments(sources[i] ?? ''), CASES[i]?.[0]).toEqual(answer);
    });
    expect(compared).toBeGreaterThan(CASES.length / 2);
  });

  it('agrees with Python’s tokenizer on generated sources', () => {
    // Pieces joined at random (seeded); Python says which joins compile, and those are compared.
    const pieces = [
      '"#"',
      "'#'",
      '"""a\n#"b\n"""',
      "'''#'''",
      'r"\\\\"',
      "r'\\''",
      'b"\\""',
      'f"{x}#"',
      "f'{y!r:>{w}}#'",
      'rb"#"',
      'F"{{#}}"',
      '"\\\n#"',
      '# c',
      '#nosec',
      'x',
      ' ',
      '\n',
      ' \\\n',
      '(',
      ')',
      '=',
      '+',
      'u"\\\\"',
      '"',
      "'",
      '"""',
      '\\',
      'Rb',
      'f',
      'br',
    ];
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const sources = Array.from({ length: 1500 }, () =>
      Array.from({ length: 1 + Math.floor(random() * 10) }, () => pieces[Math.floor(random() * pieces.length)] ?? '').join(''),
    );
    let compared = 0;
    tokenizeWithPython(sources).forEach((answer, i) => {
      if (answer === null) return;
      compared += 1;
      expect(comments(sources[i] ?? ''), JSON.stringify(sources[i])).toEqual(answer);
    });
    expect(compared).toBeGreaterThan(150);
  });

  it('PEP 701 f-strings (Python 3.12): the field’s own quotes do not end the string', () => {
    expect(comments('x = f"{"# nosec"}"\n')).toEqual({});
    expect(comments('x = f"{d["k"]}"  # c\n')).toEqual({ 1: '# c' });
    expect(comments('x = f"{f"{"#"}"}"  # nested\n')).toEqual({ 1: '# nested' });
  });

  it('a comment inside a multi-line f-string field is a comment (Python 3.12)', () => {
    expect(comments('x = f"""{\n  y  # inside\n}"""\n')).toEqual({ 2: '# inside' });
  });

  it('counts a lone CR as a line end, as Python’s compiler does', () => {
    expect(comments('x = 1\ry = 2  # two\r')).toEqual({ 2: '# two' });
  });

  it('works on text decoded byte for byte (latin1) from UTF-8', () => {
    const source = Buffer.from('s = "ü # no"  # ja\n# zwei\n', 'utf8').toString('latin1');
    expect(comments(source)).toEqual({ 1: '# ja', 2: '# zwei' });
  });
});
