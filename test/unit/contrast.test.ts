import { describe, expect, it } from 'vitest';
import { contrastRatio, parseColor, textOn, themeProblems } from '../../src/contrast';

describe('parseColor', () => {
  it.each([
    ['#fc0', [255, 204, 0]],
    ['#FFCC00', [255, 204, 0]],
    ['#ffcc0080', [255, 204, 0]],
    ['#fc08', [255, 204, 0]],
    ['rgb(29, 78, 216)', [29, 78, 216]],
    ['rgba(29,78,216,0.5)', [29, 78, 216]],
    ['rgb(29 78 216 / 50%)', [29, 78, 216]],
  ])('%s', (input, rgb) => expect(parseColor(input)).toEqual(rgb));

  it.each(['red', 'oklch(0.6 0.2 250)', 'hsl(0 100% 50%)', 'color-mix(in srgb, red, blue)', '#ffcc0', 'rgb(1 2)'])(
    '%s is not read (no check, no warning)',
    (input) => expect(parseColor(input)).toBeNull(),
  );
});

describe('contrastRatio', () => {
  it('matches the WCAG figures', () => {
    expect(contrastRatio('#000', '#fff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#fff', '#fff')).toBe(1);
    expect(contrastRatio('#767676', '#fff')).toBeCloseTo(4.54, 2); // the classic AA grey
    expect(contrastRatio('#fff', '#ffcc00')).toBeCloseTo(1.51, 2);
    expect(contrastRatio('#1d4ed8', '#fff')).toBeCloseTo(6.7, 1);
    expect(contrastRatio('red', '#fff')).toBeNull();
  });
});

describe('textOn', () => {
  it('picks whichever of black and white contrasts more, so it always passes 4.5:1', () => {
    expect(textOn('#ffcc00')).toBe('#000');
    expect(textOn('#1d4ed8')).toBe('#fff');
    expect(textOn('oklch(0.6 0.2 250)')).toBeNull();
    for (let v = 0; v <= 255; v += 5) {
      const grey = `rgb(${v}, ${v}, ${v})`;
      const other = textOn(grey) === '#000' ? '#fff' : '#000';
      expect(contrastRatio(textOn(grey)!, grey)).toBeGreaterThanOrEqual(contrastRatio(other, grey)!);
      expect(contrastRatio(textOn(grey)!, grey)).toBeGreaterThanOrEqual(4.5);
    }
  });
});

describe('themeProblems', () => {
  it('reports each failing pair with its ratio', () => {
    expect(themeProblems({ accent: '#ffcc00' }, false)).toEqual([
      'theme.accent #ffcc00 on background #fff has a contrast of 1.51:1, below 3:1.',
    ]);
    expect(themeProblems({ accent: '#1d4ed8', onAccent: '#ff0000' }, false)).toEqual([
      'theme.onAccent #ff0000 on accent #1d4ed8 has a contrast of 1.68:1, below 4.5:1.',
    ]);
    // A background alone is checked against the default text of the scheme in use.
    expect(themeProblems({ background: '#333' }, false)).toEqual([
      expect.stringMatching(/^theme.text #1f2328 on background #333 has a contrast of 1\.\d\d:1, below 4.5:1\.$/),
    ]);
    expect(themeProblems({ background: '#333' }, true)).toEqual([]);
  });

  it('is silent for passing pairs, the default theme and colours it cannot read', () => {
    expect(themeProblems({}, false)).toEqual([]);
    expect(themeProblems({}, true)).toEqual([]);
    expect(themeProblems({ accent: '#1d4ed8', background: '#fff', text: '#111' }, false)).toEqual([]);
    expect(themeProblems({ accent: 'gold', background: 'oklch(0.2 0 0)' }, false)).toEqual([]);
  });
});
