/**
 * What a manifest parser yields and the audit consumes: one dependency as
 * written, at a line of a file. Parsers never guess a version: only an exact
 * pin or a lock entry carries one.
 */

export type RequirementKind =
  /** `==`/`===` pin or a lock-file entry: `version` is set and is audited. */
  | 'pinned'
  /** A range, no specifier, or a wildcard pin (`==1.*`): not audited. */
  | 'unpinned'
  /** `name @ https://…`, a VCS or archive URL, a local path: not audited. */
  | 'url'
  /** `-e …` / `--editable`: not audited. */
  | 'editable'
  /** A line that is not a valid requirement or an unparsable version: reported, never crashes. */
  | 'invalid';

export interface Requirement {
  /** The name as written (for messages). */
  name: string;
  kind: RequirementKind;
  /** The pinned version as written, for `pinned` only. */
  version?: string;
  /** The requirement text as written, for messages (one line, continuations joined). */
  requirement: string;
  /** The repository path of the file this came from (an include's own path for `-r` files). */
  path: string;
  /** 1-based line where it is written (first physical line of a continued line). */
  line: number;
  /** A development-only dependency: dev group, `develop`, a dev/test/lint requirements file. */
  dev: boolean;
}

export interface ParsedManifest {
  requirements: Requirement[];
  /** Problems that stop a whole file (broken TOML, an include that is missing): reported as `invalid` by the audit. */
  errors: { path: string; line: number; message: string }[];
}

/** Reads another file of the same tree (for `-r`/`-c` includes); undefined when it is absent. */
export type ReadSibling = (path: string) => Promise<Buffer | undefined>;

/** PEP 503 normalised name: lower case, runs of `-`, `_`, `.` become `-`. */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}
