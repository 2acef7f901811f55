// Synthetic Python repositories for the benchmark: modules of realistic size
// (about 120 lines: imports, a class, functions, docstrings) with the usual
// sprinkling of things Bandit reports (subprocess, assert, hashlib).
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function pythonModule(index) {
  const lines = [
    `"""Module ${index}: order processing helpers."""`,
    'import hashlib',
    'import json',
    'import logging',
    'import subprocess',
    'from dataclasses import dataclass, field',
    'from typing import Any, Dict, List, Optional',
    '',
    'log = logging.getLogger(__name__)',
    '',
    '',
    '@dataclass',
    `class Order${index}:`,
    '    """An order with its lines and a checksum."""',
    '',
    '    order_id: str',
    '    lines: List[Dict[str, Any]] = field(default_factory=list)',
    '    note: Optional[str] = None',
    '',
    '    def total(self) -> float:',
    '        """Sum of quantity times price over all lines."""',
    '        return sum(line["qty"] * line["price"] for line in self.lines)',
    '',
    '    def checksum(self) -> str:',
    '        payload = json.dumps(self.lines, sort_keys=True).encode()',
    '        return hashlib.sha256(payload).hexdigest()',
    '',
    '    def validate(self) -> None:',
    '        assert self.order_id, "order id is required"',
    '        for line in self.lines:',
    '            if line["qty"] <= 0:',
    '                raise ValueError(f"bad quantity in {self.order_id}")',
    '',
  ];
  for (let f = 0; f < 8; f++) {
    lines.push(
      '',
      `def transform_${index}_${f}(records: List[Dict[str, Any]], factor: float = ${f + 1}.5) -> List[Dict[str, Any]]:`,
      '    """Scales the numeric fields of each record and drops empty ones."""',
      '    result = []',
      '    for record in records:',
      '        scaled = {key: value * factor if isinstance(value, (int, float)) else value for key, value in record.items()}',
      '        if any(scaled.values()):',
      '            result.append(scaled)',
      '    log.debug("transformed %d records", len(result))',
      '    return result',
    );
  }
  lines.push(
    '',
    '',
    `def archive_${index}(path: str) -> int:`,
    '    """Compresses a file with the system tool."""',
    '    completed = subprocess.run(["gzip", "-k", path], check=False)',
    '    return completed.returncode',
    '',
  );
  return `${lines.join('\n')}\n`;
}

/** A deterministic pseudo-random number in [0, 1) for a seed (mulberry32). */
function random(seed) {
  let t = (seed + 0x6d2b79f5) | 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/**
 * A module of a size drawn from a heavy-tailed distribution, as in a real
 * tree such as ansible's (most files a few KB, a few of 50-200 KB, many with
 * a long documentation string): 0 to 150 functions, half of the modules with
 * a YAML-like string of 20-300 options. The same index gives the same module.
 */
export function variedModule(index) {
  const normal = Math.sqrt(-2 * Math.log(1 - random(index * 4))) * Math.cos(2 * Math.PI * random(index * 4 + 1));
  const functions = Math.min(150, Math.floor(Math.exp(0.5 + 1.1 * normal)));
  const options = random(index * 4 + 2) < 0.5 ? 20 + Math.floor(280 * random(index * 4 + 3) ** 2) : 0;
  const lines = [`"""Module ${index}."""`, 'import logging', 'import os', 'import subprocess', '', 'log = logging.getLogger(__name__)', ''];
  if (options > 0) {
    lines.push("DOCUMENTATION = r'''", `module: generated_${index}`, 'options:');
    for (let i = 0; i < options; i++)
      lines.push(`  option_${i}:`, `    description: The setting number ${i} of this module, as a sentence.`);
    lines.push("'''", '');
  }
  for (let f = 0; f < functions; f++) {
    lines.push(
      '',
      `def step_${index}_${f}(params, check_mode=False):`,
      '    """Applies one step and says whether anything changed."""',
      '    changed = False',
      `    path = os.path.join(params.get("root", "/srv"), "step_${f}")`,
      '    if not os.path.exists(path) and not check_mode:',
      '        os.makedirs(path, exist_ok=True)',
      '        changed = True',
      ...(f % 7 === 3 ? ['    subprocess.run(["sync"], check=False)'] : []),
      ...(f % 11 === 5 ? ['    assert params, "no parameters"'] : []),
      '    log.debug("step %s: changed=%s", path, changed)',
      '    return {"changed": changed, "path": path}',
    );
  }
  return `${lines.join('\n')}\n`;
}

/** A repository with one commit and `count` new modules staged; shape 'varied' draws their sizes (variedModule). */
export function generateRepo(dir, count, env, shape = 'uniform') {
  mkdirSync(dir, { recursive: true });
  const git = (...args) => execFileSync('git', args, { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  git('init', '-q');
  writeFileSync(join(dir, 'README.md'), '# bench\n');
  git('add', 'README.md');
  git('commit', '-q', '-m', 'init');
  const files = [];
  for (let i = 0; i < count; i++) {
    const path = join('app', `pkg${Math.floor(i / 50)}`, `module_${i}.py`);
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), shape === 'varied' ? variedModule(i) : pythonModule(i));
    files.push(path);
  }
  git('add', '--', ...files);
  return files;
}
