/** Building `Requirement`s from what a parser classified, and the parser result both sides share. */
import type { ParsedManifest, Requirement } from '../requirement.js';
import type { Classified } from './pep508.js';
import { classifyPep508 } from './pep508.js';
import { targetName } from './pip-line.js';

export interface Place {
  path: string;
  line: number;
  dev: boolean;
}

export function emptyResult(): ParsedManifest {
  return { requirements: [], errors: [] };
}

export function requirementOf(classified: Classified, requirement: string, place: Place): Requirement {
  const out: Requirement = { name: classified.name, kind: classified.kind, requirement, ...place };
  if (classified.kind === 'pinned' && classified.version !== undefined) out.version = classified.version;
  return out;
}

/** A PEP 508 string from a TOML or INI list; PDM also writes `-e <path or url>` there. */
export function pep508Requirement(text: string, place: Place): Requirement {
  const editable = /^(?:-e|--editable)\s+(.+)$/.exec(text.trim());
  if (editable?.[1] !== undefined) return requirementOf({ name: targetName(editable[1]), kind: 'editable' }, text.trim(), place);
  return requirementOf(classifyPep508(text), text.trim(), place);
}
