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

/** A repository with one commit and `count` new modules staged. */
export function generateRepo(dir, count, env) {
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
    writeFileSync(join(dir, path), pythonModule(i));
    files.push(path);
  }
  git('add', '--', ...files);
  return files;
}
