/**
 * PEP 508 dependency strings (`name[extras] specifiers ; marker` and
 * `name @ url`), as pyproject.toml, setup.cfg and requirement lines write them.
 * Markers are kept, never evaluated: a dependency that applies somewhere is audited.
 */
import type { RequirementKind } from '../requirement.js';
import { isPep440Version } from './pep440.js';

/** What a dependency string says, short of where it is written. */
export interface Classified {
  name: string;
  kind: RequirementKind;
  /** Set for `pinned` only. */
  version?: string;
}

export interface Specifier {
  op: string;
  version: string;
}

const NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/;
const LEADING_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?/;
const SPECIFIER = /^(~=|===|==|!=|<=|>=|<|>)\s*(\S+)$/;
const LOOSE_VERSION = /^[A-Za-z0-9_.*+!-]+$/;

/** A valid PEP 508 distribution name. */
export function isValidName(name: string): boolean {
  return NAME.test(name);
}

/** `>=1.0, <2` → its specifiers; undefined when any of them is malformed. */
export function parseSpecifiers(text: string): Specifier[] | undefined {
  const specs: Specifier[] = [];
  for (const part of text.split(',')) {
    const match = SPECIFIER.exec(part.trim());
    if (!match) return undefined;
    const op = match[1] ?? '';
    const version = match[2] ?? '';
    if (!isValidSpecifierVersion(op, version)) return undefined;
    specs.push({ op, version });
  }
  return specs;
}

function isValidSpecifierVersion(op: string, version: string): boolean {
  // `===` is arbitrary string equality; `==`/`!=` may end in a wildcard.
  if (op === '===') return true;
  if (op === '==' || op === '!=') return isPep440Version(version.replace(/\.\*$/, ''));
  return LOOSE_VERSION.test(version);
}

/**
 * The version an exact pin fixes: a `==X` (not `==X.*`) or `===X` among the
 * specifiers (`==1.0, !=1.0.1` is still exactly 1.0). Undefined for ranges.
 */
export function exactPin(specs: Specifier[]): string | undefined {
  const exact = specs.find((s) => s.op === '===' || (s.op === '==' && !s.version.endsWith('.*')));
  return exact?.version;
}

/** Classifies one PEP 508 string. Anything that is not one is `invalid`, named by its text. */
export function classifyPep508(text: string): Classified {
  const trimmed = text.trim();
  const invalid: Classified = { name: trimmed, kind: 'invalid' };
  const nameMatch = LEADING_NAME.exec(trimmed);
  if (!nameMatch) return invalid;
  const name = nameMatch[0];
  let rest = trimmed.slice(name.length).trimStart();

  if (rest.startsWith('[')) {
    const close = rest.indexOf(']');
    if (close < 0) return invalid;
    const extras = rest
      .slice(1, close)
      .split(',')
      .map((e) => e.trim());
    if (!(extras.length === 1 && extras[0] === '') && !extras.every(isValidName)) return invalid;
    rest = rest.slice(close + 1).trimStart();
  }

  if (rest.startsWith('@')) {
    const url = rest.slice(1).trim().split(/\s/)[0] ?? '';
    return url === '' ? invalid : { name, kind: 'url' };
  }

  const semicolon = rest.indexOf(';');
  if (semicolon >= 0 && rest.slice(semicolon + 1).trim() === '') return invalid;
  let spec = (semicolon >= 0 ? rest.slice(0, semicolon) : rest).trim();
  if (spec.startsWith('(') && spec.endsWith(')')) spec = spec.slice(1, -1).trim();
  if (spec === '') return { name, kind: 'unpinned' };

  const specs = parseSpecifiers(spec);
  if (!specs) return invalid;
  const version = exactPin(specs);
  return version === undefined ? { name, kind: 'unpinned' } : { name, kind: 'pinned', version };
}
