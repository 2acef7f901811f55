import { describe, expect, it } from 'vitest';
import { HOOK_MARKER, hookScript, isSecgateHook, recordedInstallation } from '../../../src/hooks/script.js';
import { shQuote } from '../../../src/hooks/shell.js';

const installation = { node: '/opt/my node/bin/node', entry: "/home/o'brien/secgate/bin/secgate.js" };

describe('shQuote', () => {
  it('single-quotes, and closes-escapes-reopens around a single quote', () => {
    expect(shQuote('a b')).toBe("'a b'");
    expect(shQuote("o'brien")).toBe(`'o'\\''brien'`);
    expect(shQuote('$HOME `x` \\ "q"')).toBe(`'$HOME \`x\` \\ "q"'`);
  });
});

describe('hookScript', () => {
  it('is POSIX sh with the marker near the top', () => {
    const script = hookScript('pre-commit', installation);
    expect(script.startsWith('#!/bin/sh\n')).toBe(true);
    expect(script.split('\n')[1]?.startsWith(HOOK_MARKER)).toBe(true);
    expect(isSecgateHook(script)).toBe(true);
  });

  it('is the same text every time for the same installation (reinstalling is idempotent)', () => {
    expect(hookScript('pre-push', installation)).toBe(hookScript('pre-push', { ...installation }));
    expect(hookScript('pre-push', installation)).not.toBe(hookScript('pre-push', { ...installation, node: '/usr/bin/node' }));
  });

  it('passes arguments on only for pre-push, which also keeps a private stdin copy for the previous hook', () => {
    const commit = hookScript('pre-commit', installation);
    const push = hookScript('pre-push', installation);
    expect(commit).toMatch(/^secgate_run run pre-commit$/m);
    expect(commit).not.toContain('mktemp');
    expect(push).toMatch(/^secgate_run run pre-push "\$@"$/m);
    expect(push).toContain('secgate_stdin=$(mktemp)');
    expect(push).toContain(`trap 'rm -f "$secgate_stdin"' EXIT`);
    expect(push).toContain('"$secgate_previous" "$@" <"$secgate_stdin" || exit $?');
  });

  it('records paths with spaces and quotes so they read back exactly', () => {
    expect(recordedInstallation(hookScript('pre-commit', installation))).toEqual(installation);
  });

  it('fails closed, saying how to reinstall or skip, when secgate cannot be found', () => {
    const script = hookScript('pre-push', installation);
    expect(script).toContain('return 3');
    expect(script).toContain('`secgate install` in this repository');
    expect(script).not.toContain('npx');
    expect(script).toContain('git push --no-verify');
  });
});

describe('isSecgateHook', () => {
  it('does not take another hook for secgate', () => {
    expect(isSecgateHook('#!/bin/sh\nnpx lint-staged\n')).toBe(false);
    expect(isSecgateHook('#!/bin/sh\n# calls secgate run pre-commit\nsecgate run pre-commit\n')).toBe(false);
  });
});
