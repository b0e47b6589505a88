import { describe, expect, it } from 'vitest';
import { fitLines, renderTable } from '../../src/cli/table.js';

describe('renderTable', () => {
  it('right-aligns numbers with their decimal points lined up; missing values stay in the column', () => {
    const out = renderTable(
      ['model', 'price'],
      [
        ['a', 2],
        ['b', 0.375],
        ['c', 12.5],
        ['d', null],
      ],
    );
    expect(out.split('\n')).toEqual(['model   price', 'a       2', 'b       0.375', 'c      12.5', 'd       -']);
  });

  it('cuts text cells with … so the table fits the width, numbers untouched, nothing wrapped', () => {
    const rows = [
      ['anthropic/claude-opus-4.7', 93, 'a very long reason that explains at length why this row is here'],
      ['z-ai/glm-5.3', 100, 'short'],
    ];
    const out = renderTable(['model', 'pct', 'reason'], rows, 40);
    const lines = out.split('\n');
    expect(lines).toHaveLength(3);
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(40);
    expect(lines[1]).toContain('…');
    expect(lines[1]).toContain(' 93');
    expect(lines[2]).toMatch(/100\s+short$/);
    // Free text on the right gives way first: the model column stays whole.
    expect(lines[1]).toContain('anthropic/claude-opus-4.7');
  });

  it('without a width, prints everything', () => {
    expect(renderTable(['a'], [['x'.repeat(300)]])).toContain('x'.repeat(300));
  });

  it('fitLines cuts long lines only', () => {
    expect(fitLines('short\n' + 'y'.repeat(20), 10)).toBe(`short\n${'y'.repeat(9)}…`);
  });
});
