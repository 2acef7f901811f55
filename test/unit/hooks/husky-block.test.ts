import { describe, expect, it } from 'vitest';
import { hasHuskyBlock, huskyHeader, withHuskyBlock, withoutHuskyBlock } from '../../../src/hooks/husky-block.js';

const legacyFile = '#!/usr/bin/env sh\n. "$(dirname -- "$0")/_/husky.sh"\n\nnpx lint-staged\n';

describe('husky block', () => {
  it('goes before the user commands of a husky v9 file, and comes out byte for byte', () => {
    const original = 'npx lint-staged\nexit 0\n';
    const added = withHuskyBlock(original, 'pre-commit', 'v9');
    expect(added.startsWith('# >>> secgate pre-commit')).toBe(true);
    expect(added.endsWith(original)).toBe(true);
    expect(added).toContain('secgate_run run pre-commit || exit $?');
    expect(withoutHuskyBlock(added, 'pre-commit', 'v9')).toBe(original);
  });

  it('goes after the shebang and husky.sh of an older husky file', () => {
    const added = withHuskyBlock(legacyFile, 'pre-commit', 'legacy');
    expect(added.startsWith('#!/usr/bin/env sh\n. "$(dirname -- "$0")/_/husky.sh"\n# >>> secgate pre-commit')).toBe(true);
    expect(withoutHuskyBlock(added, 'pre-commit', 'legacy')).toBe(legacyFile);
  });

  it('is replaced, not repeated, when added again', () => {
    const once = withHuskyBlock(legacyFile, 'pre-push', 'legacy');
    expect(withHuskyBlock(once, 'pre-push', 'legacy')).toBe(once);
    expect(once.split('# >>> secgate pre-push').length).toBe(2);
  });

  it('keeps the two hooks apart', () => {
    const added = withHuskyBlock(legacyFile, 'pre-push', 'legacy');
    expect(hasHuskyBlock(added, 'pre-push')).toBe(true);
    expect(hasHuskyBlock(added, 'pre-commit')).toBe(false);
    expect(withoutHuskyBlock(added, 'pre-commit', 'legacy')).toBe(added);
  });

  it('deletes a file it created only while nothing else is in it', () => {
    const created = withHuskyBlock(undefined, 'pre-commit', 'legacy');
    expect(created.startsWith(huskyHeader('legacy'))).toBe(true);
    expect(withoutHuskyBlock(created, 'pre-commit', 'legacy')).toBeUndefined();
    const edited = `${created}echo mine\n`;
    expect(withoutHuskyBlock(edited, 'pre-commit', 'legacy')).toBe(`${huskyHeader('legacy')}echo mine\n`);
    // Re-adding keeps the "created" mark, so a later uninstall still cleans up.
    expect(withoutHuskyBlock(withHuskyBlock(created, 'pre-commit', 'legacy'), 'pre-commit', 'legacy')).toBeUndefined();
  });

  it('never puts the block above a shebang that has no newline', () => {
    const added = withHuskyBlock('#!/bin/sh', 'pre-commit', 'legacy');
    expect(added.startsWith('#!/bin/sh\n# >>> secgate pre-commit')).toBe(true);
  });

  it('replays stdin to the rest of a pre-push file', () => {
    const added = withHuskyBlock('cat > pushed.txt\n', 'pre-push', 'v9');
    expect(added).toContain('exec <"$secgate_stdin"');
    expect(added.indexOf('exec <"$secgate_stdin"')).toBeLessThan(added.indexOf('cat > pushed.txt'));
  });
});
