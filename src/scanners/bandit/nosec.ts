import { pythonComments } from './comments.js';
import type { BanditReport } from './parse.js';

/**
 * Bandit's `# nosec`, as Bandit 1.7.5 and later honour it, for the older
 * Bandits that do not. Before 1.7.5 Bandit looked for the text `# nosec`
 * anywhere on a line (strings included) and, on a `def`, `class`, `if` or
 * `with` line, skipped the whole block under it. secgate then runs Bandit
 * with `--ignore-nosec` and drops a result only as the newer Bandit would:
 *
 * - only real comments count (see comments.ts);
 * - a comment holds a nosec when `#\s*nosec:?\s*(tests)?` matches it
 *   (Bandit's NOSEC_COMMENT, searched anywhere in the comment, lower case);
 * - the words after it are looked up as test ids (`B602`, exactly) or test
 *   names (`subprocess_popen_with_shell_equals_true`); unknown words are
 *   ignored, and when no word is known the nosec silences every test;
 *   words are split as Bandit's NOSEC_COMMENT_TESTS splits them, so
 *   `B602,B603` yields only B603, as it does in Bandit itself;
 * - a result is silenced by the nosec on its own line (`line_number`) and
 *   the first nosec within its `line_range`, merged: silenced when the
 *   merged set is empty (a bare nosec) or holds the result's test id.
 *
 * The newest Bandit also reads a nosec on the line after a one-line result
 * that ends with `(`, `[`, `{` or `,`; that is not followed: it silences
 * less, never more.
 * Source: bandit/core/manager.py (_parse_nosec_comment), tester.py
 * (_get_nosecs_from_contexts), utils.py (get_nosec).
 */

const NOSEC_COMMENT = /#\s*nosec:?\s*(?<tests>[^#]+)?#?/;
/** Bandit's pattern; a repeated group keeps its last repetition, so each match yields one word. */
const NOSEC_COMMENT_TESTS = /(?:(B\d+|[a-z\d_]+),?)+/gi;
const TEST_ID = /^B\d+$/;

/** Bandit's test names (plugins and blacklists, 1.6 to 1.9) → their ids: a nosec may name a test either way. */
const TEST_NAMES: Record<string, string> = {
  any_other_function_with_shell_equals_true: 'B604',
  assert_used: 'B101',
  cipher_modes: 'B305',
  ciphers: 'B304',
  django_extra_used: 'B610',
  django_mark_safe: 'B703',
  django_rawsql_used: 'B611',
  eval: 'B307',
  exec_used: 'B102',
  flask_debug_true: 'B201',
  ftplib: 'B321',
  hardcoded_bind_all_interfaces: 'B104',
  hardcoded_password_default: 'B107',
  hardcoded_password_funcarg: 'B106',
  hardcoded_password_string: 'B105',
  hardcoded_sql_expressions: 'B608',
  hardcoded_tmp_directory: 'B108',
  hashlib_insecure_functions: 'B324',
  hashlib_new_insecure_functions: 'B324',
  httpsconnection: 'B309',
  huggingface_unsafe_download: 'B615',
  import_ftplib: 'B402',
  import_httpoxy: 'B412',
  import_lxml: 'B410',
  import_pickle: 'B403',
  import_pycrypto: 'B413',
  import_pyghmi: 'B415',
  import_subprocess: 'B404',
  import_telnetlib: 'B401',
  import_xml_etree: 'B405',
  import_xml_expat: 'B407',
  import_xml_minidom: 'B408',
  import_xml_pulldom: 'B409',
  import_xml_sax: 'B406',
  import_xmlrpclib: 'B411',
  input: 'B322',
  jinja2_autoescape_false: 'B701',
  linux_commands_wildcard_injection: 'B609',
  logging_config_insecure_listen: 'B612',
  mark_safe: 'B308',
  markupsafe_markup_xss: 'B704',
  marshal: 'B302',
  md5: 'B303',
  mktemp_q: 'B306',
  paramiko_calls: 'B601',
  pickle: 'B301',
  pytorch_load: 'B614',
  pytorch_load_save: 'B614',
  random: 'B311',
  request_with_no_cert_validation: 'B501',
  request_without_timeout: 'B113',
  set_bad_file_permissions: 'B103',
  snmp_insecure_version: 'B508',
  snmp_weak_cryptography: 'B509',
  ssh_no_host_key_verification: 'B507',
  ssl_with_bad_defaults: 'B503',
  ssl_with_bad_version: 'B502',
  ssl_with_no_version: 'B504',
  start_process_with_a_shell: 'B605',
  start_process_with_no_shell: 'B606',
  start_process_with_partial_path: 'B607',
  subprocess_popen_with_shell_equals_true: 'B602',
  subprocess_without_shell_equals_true: 'B603',
  tarfile_unsafe_members: 'B202',
  telnetlib: 'B312',
  tempnam: 'B325',
  trojansource: 'B613',
  try_except_continue: 'B112',
  try_except_pass: 'B110',
  unverified_context: 'B323',
  urllib_urlopen: 'B310',
  use_of_mako_templates: 'B702',
  weak_cryptographic_key: 'B505',
  xml_bad_cElementTree: 'B313',
  xml_bad_ElementTree: 'B314',
  xml_bad_etree: 'B320',
  xml_bad_expatbuilder: 'B316',
  xml_bad_expatreader: 'B315',
  xml_bad_minidom: 'B318',
  xml_bad_pulldom: 'B319',
  xml_bad_sax: 'B317',
  yaml_load: 'B506',
};

/**
 * The tests a comment's nosec names: undefined when the comment holds no
 * nosec, an empty set for a nosec that silences every test.
 */
export function parseNosecComment(comment: string): Set<string> | undefined {
  const found = NOSEC_COMMENT.exec(comment);
  if (!found) return undefined;
  const ids = new Set<string>();
  const tests = found.groups?.tests;
  if (!tests) return ids;
  for (const match of tests.matchAll(NOSEC_COMMENT_TESTS)) {
    const word = match[1] ?? '';
    if (TEST_ID.test(word)) ids.add(word);
    else if (Object.hasOwn(TEST_NAMES, word)) ids.add(TEST_NAMES[word] as string);
  }
  return ids;
}

/** Line → the tests its comment's nosec names, for the lines whose comment holds one. */
export function nosecLines(source: string): Map<number, Set<string>> {
  const lines = new Map<number, Set<string>>();
  for (const [line, comment] of pythonComments(source)) {
    const tests = parseNosecComment(comment);
    if (tests) lines.set(line, tests);
  }
  return lines;
}

/** Whether a result (its test id, line and line range) is silenced by the nosec comments of its file. */
export function isSilenced(
  result: { testId: string; line: number; lineRange: readonly number[] },
  lines: Map<number, Set<string>>,
): boolean {
  const own = lines.get(result.line);
  const inRange = result.lineRange.map((line) => lines.get(line)).find((tests) => tests !== undefined);
  if (own === undefined && inRange === undefined) return false;
  const tests = new Set([...(own ?? []), ...(inRange ?? [])]);
  return tests.size === 0 || tests.has(result.testId);
}

/** Whether this Bandit honours `# nosec` as a comment itself (1.7.5 and later). */
export function honoursNosecComments(version: string): boolean {
  const [major = 0, minor = 0, patch = 0] = version.split('.').map((part) => Number.parseInt(part, 10) || 0);
  if (major !== 1) return major > 1;
  return minor > 7 || (minor === 7 && patch >= 5);
}

/** The report without the results that a `# nosec` comment silences (for a Bandit run with --ignore-nosec). */
export function withoutNosec(
  report: BanditReport,
  resolveFile: (name: string) => string | undefined,
  nosec: Map<string, Map<number, Set<string>>>,
): BanditReport {
  const results = (report.results ?? []).filter((result) => {
    const blob = result.filename === undefined ? undefined : resolveFile(result.filename);
    const lines = blob === undefined ? undefined : nosec.get(blob);
    if (!lines || lines.size === 0) return true;
    const line = result.line_number ?? 1;
    const lineRange = Array.isArray(result.line_range) ? result.line_range.filter((n): n is number => typeof n === 'number') : [line];
    return !isSilenced({ testId: result.test_id ?? '', line, lineRange }, lines);
  });
  return { ...report, results };
}
