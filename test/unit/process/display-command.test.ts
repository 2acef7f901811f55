import { describe, expect, it } from 'vitest';
import { displayCommand } from '../../../src/process/display-command.js';

describe('displayCommand', () => {
  it('leaves plain words alone and single-quotes the rest', () => {
    expect(displayCommand(['/usr/bin/bandit', '--format', 'json', '-x', "it's here/a b.py", '$HOME'])).toBe(
      `/usr/bin/bandit --format json -x 'it'\\''s here/a b.py' '$HOME'`,
    );
  });

  it('quotes the empty word', () => {
    expect(displayCommand(['bandit', ''])).toBe("bandit ''");
  });

  it('cuts a very long line and says how many arguments it left out', () => {
    const files = Array.from({ length: 500 }, (_, i) => `src/module_${i}.py`);
    const shown = displayCommand(['bandit', ...files], 200);
    expect(shown.length).toBeLessThan(260);
    expect(shown).toMatch(/^bandit src\/module_0\.py .* … \(\d+ more arguments\)$/);
    const kept = shown.split(' … ')[0]?.split(' ').length ?? 0;
    expect(shown).toContain(`(${501 - kept} more arguments)`);
  });
});
