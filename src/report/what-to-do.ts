import { relative } from 'node:path';
import type { LoadedConfig } from '../config/types.js';
import type { DependencyFinding, GradedFinding } from '../findings.js';
import { messages } from '../messages.js';

/** How many places a remedy names before it says "and N more": the list stays one line per remedy. */
const MAX_LOCATIONS = 3;

/** How many advisory ids a line names before it counts the rest. */
const MAX_IDS = 3;

/** The file an ignore goes in when no config is in use: the one the README's reference shows. */
export const DEFAULT_CONFIG_FILE = '.secgaterc.json';

/** The config file in use, relative to the repository root (where secgate looks for it), for the suggested ignore. */
export function configFileOf(loaded: Pick<LoadedConfig, 'filepath'>, root: string): string | undefined {
  return loaded.filepath === undefined ? undefined : relative(root, loaded.filepath).split('\\').join('/');
}

/** What a finding is called in the list, and the one thing that clears it (dependencies go by pin, in pinLines). */
function subjectAndRemedy(finding: Exclude<GradedFinding, { kind: 'dependency' }>): { subject: string; remedy: string } {
  switch (finding.kind) {
    case 'code':
      return { subject: finding.id, remedy: messages.remedyCode(finding.moreInfo) };
    case 'unscanned':
      return { subject: finding.id, remedy: finding.id === 'symlink' ? messages.remedySymlink : messages.remedyParseError };
    case 'unaudited':
      return { subject: finding.requirement, remedy: messages.remedyUnaudited[finding.id](finding.package) };
  }
}

function dependencyRemedy(finding: DependencyFinding): string {
  return finding.fixed.length > 0 ? messages.remedyUpgrade(finding.package, finding.fixed) : messages.remedyNoFix(finding.package);
}

/** `a.py:5, b.py:5, c.py:5 and 2 more`. */
function placesText(places: string[]): string {
  const unique = [...new Set(places)];
  const shown = unique.slice(0, MAX_LOCATIONS).join(', ');
  return unique.length > MAX_LOCATIONS ? `${shown} ${messages.moreLocations(unique.length - MAX_LOCATIONS)}` : shown;
}

/** A pinned package at one version: its blocking advisories, and every advisory of it the verdict holds. */
interface Pin {
  findings: DependencyFinding[];
  advisories: Set<string>;
}

/** One line (or a pin's few) of the list: a remedy and the places it applies to, or a pinned package. */
type Remedy = { subject: string; remedy: string; places: string[] } | { pin: Pin };

function pinKey(finding: DependencyFinding): string {
  return `${finding.package.toLowerCase()}\0${finding.version}`;
}

/**
 * A pin's remedy lines: one upgrade when one version fixes all its advisories
 * (the audit found it with OSV's own evaluation), else a line per distinct
 * remedy naming the advisories it clears.
 */
function pinLines(pin: Pin, all: Map<string, Pin>): string[] {
  const first = pin.findings[0];
  if (!first) return [];
  const places = placesText(pin.findings.map((finding) => `${finding.path}:${finding.line}`));
  const upgrade = first.upgrade;
  const total = all.get(pinKey(first))?.advisories.size ?? pin.findings.length;
  if (upgrade !== undefined && pin.findings.every((finding) => finding.upgrade === upgrade)) {
    return [
      `  - ${first.package} ${first.version} at ${places}: ${messages.upgradeFixesAll(first.package, first.version, upgrade, total)}`,
    ];
  }
  if (pin.findings.length === 1) return [`  - ${first.id} (${first.package} ${first.version}) at ${places}: ${dependencyRemedy(first)}`];
  const byRemedy = new Map<string, string[]>();
  for (const finding of pin.findings) {
    const remedy = dependencyRemedy(finding);
    byRemedy.set(remedy, [...(byRemedy.get(remedy) ?? []), finding.id]);
  }
  if (byRemedy.size === 1) {
    const [[remedy, ids] = ['', []]] = byRemedy;
    return [`  - ${first.package} ${first.version} (${messages.andMore(ids.slice(0, MAX_IDS), ids.length)}) at ${places}: ${remedy}`];
  }
  return [
    `  - ${first.package} ${first.version} at ${places}: ${messages.noSingleUpgrade(pin.findings.length)}`,
    ...[...byRemedy].map(([remedy, ids]) => `      ${messages.andMore(ids.slice(0, MAX_IDS), ids.length)}: ${remedy}`),
  ];
}

/** Characters picomatch reads as pattern syntax: escaped, a suggested `paths` entry names exactly the file. */
function globLiteral(path: string): string {
  return path.replace(/[\\*?[\]{}()!+@|^$]/g, '\\$&');
}

/** The suggested ignore, in the syntax of the file it goes in. */
function ignoreExample(file: string, id: string, path: string): string[] {
  const glob = globLiteral(path);
  const name = file.split('/').pop() ?? file;
  const text =
    name === 'pyproject.toml'
      ? messages.ignoreExampleToml(id, glob)
      : name === 'package.json'
        ? messages.ignoreExamplePackageJson(id, glob)
        : name.endsWith('.yaml') || name.endsWith('.yml')
          ? messages.ignoreExampleYaml(id, glob)
          : messages.ignoreExample(id, glob);
  return text.split('\n');
}

/**
 * The closing list of the text report: each blocking finding's own remedy (the
 * same remedy for many places is one line; a package's advisories are one
 * upgrade when one version fixes them all), then how to ignore one of them
 * with a reason, in the config file in use, then the bypass. Empty when
 * nothing blocks.
 */
export function whatToDo(findings: GradedFinding[], configFile?: string): string[] {
  const blocking = findings.filter((finding) => finding.status === 'blocking');
  if (blocking.length === 0) return [];

  // Every advisory of each pin, whatever its status: the one upgrade fixes them all.
  const allPins = new Map<string, Pin>();
  for (const finding of findings) {
    if (finding.kind !== 'dependency') continue;
    const key = pinKey(finding);
    const pin = allPins.get(key) ?? { findings: [], advisories: new Set<string>() };
    pin.advisories.add(finding.id);
    allPins.set(key, pin);
  }

  // Insertion order is the verdict's order, so the list is as deterministic as the findings.
  const groups = new Map<string, Remedy>();
  for (const finding of blocking) {
    if (finding.kind === 'dependency') {
      const key = `pin\0${pinKey(finding)}`;
      const group = groups.get(key) ?? { pin: { findings: [], advisories: new Set<string>() } };
      if ('pin' in group) group.pin.findings.push(finding);
      groups.set(key, group);
      continue;
    }
    const { subject, remedy } = subjectAndRemedy(finding);
    const key = `${subject}\0${remedy}`;
    const group = groups.get(key) ?? { subject, remedy, places: [] };
    if ('places' in group) group.places.push(`${finding.path}:${finding.line}`);
    groups.set(key, group);
  }

  const lines: string[] = [messages.whatToDo];
  for (const group of groups.values()) {
    if ('pin' in group) lines.push(...pinLines(group.pin, allPins));
    else lines.push(`  - ${group.subject} at ${placesText(group.places)}: ${group.remedy}`);
  }

  // The example names a finding an ignore covers by its own id: an unpinned requirement or an
  // unparsable file is a kind of problem, and an ignore of "unpinned" would cover every other one too.
  const example = blocking.find((finding) => finding.kind === 'code' || finding.kind === 'dependency');
  if (example) {
    const file = configFile ?? DEFAULT_CONFIG_FILE;
    lines.push(`  - ${messages.ignoreIn(file, configFile !== undefined)}`);
    lines.push(...ignoreExample(file, example.id, example.path).map((line) => `      ${line}`));
  }
  const code = blocking.find((finding) => finding.kind === 'code');
  if (code) lines.push(`  - ${messages.nosecHint(code.id)}`);
  lines.push(`  - ${messages.bypassHint}`);
  return lines;
}
