import { describe, expect, it } from 'vitest';
import { decideBypass } from '../../../src/bypass/bypass.js';
import { parseIdent, parseUserConfig } from '../../../src/bypass/user.js';

const strict = { allowed: true, requireReason: true };

describe('decideBypass', () => {
  it('does nothing when SECGATE_BYPASS is not set, or says no', () => {
    expect(decideBypass(undefined, strict)).toEqual({ kind: 'none' });
    for (const value of ['0', 'false', 'No', ' off ']) expect(decideBypass(value, strict)).toEqual({ kind: 'none' });
  });

  it('bypasses with a reason, trimmed', () => {
    expect(decideBypass('  hotfix INC-1234, reviewed by Ana ', strict)).toEqual({
      kind: 'bypass',
      reason: 'hotfix INC-1234, reviewed by Ana',
    });
  });

  it('refuses values that are no reason, whatever their case', () => {
    for (const value of ['1', 'true', 'TRUE', 'yes', 'Y', 'on', 'OK', '', '   ']) {
      const decision = decideBypass(value, strict);
      expect(decision.kind, value).toBe('refused');
      if (decision.kind === 'refused') expect(decision.message).toContain('SECGATE_BYPASS');
    }
  });

  it('takes any value when the config does not require a reason', () => {
    expect(decideBypass('1', { allowed: true, requireReason: false })).toEqual({ kind: 'bypass', reason: '1' });
    expect(decideBypass('', { allowed: true, requireReason: false })).toMatchObject({ kind: 'bypass' });
  });

  it('refuses every bypass when the config disallows them', () => {
    const decision = decideBypass('a real reason', { allowed: false, requireReason: true });
    expect(decision.kind).toBe('refused');
    if (decision.kind === 'refused') expect(decision.message).toContain('bypass.allowed');
  });
});

describe('git identity parsers', () => {
  it('reads `git config --get-regexp` output', () => {
    expect(parseUserConfig('user.name Ana Lima\nuser.email ana@example.com\n')).toEqual({ name: 'Ana Lima', email: 'ana@example.com' });
    expect(parseUserConfig('')).toEqual({ name: null, email: null });
  });

  it('reads `git var GIT_COMMITTER_IDENT` output', () => {
    expect(parseIdent('Ana Lima <ana@example.com> 1700000000 +0100\n')).toEqual({ name: 'Ana Lima', email: 'ana@example.com' });
    expect(parseIdent('garbage')).toEqual({ name: null, email: null });
  });
});
