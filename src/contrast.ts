/**
 * WCAG 2 contrast for the theme colours a page passes in. Only the formats that are cheap to
 * read are parsed (#rgb, #rrggbb with optional alpha digits, rgb()/rgba() in numbers); any other
 * CSS colour gives null, and then nothing is checked or chosen for it.
 * @see https://www.w3.org/TR/WCAG22/#dfn-contrast-ratio
 */

/** [r, g, b] in 0–255, or null when the format is not one we read. Alpha is ignored. */
export function parseColor(value: string): number[] | null {
  const v = value.trim().toLowerCase();
  const hex = /^#([\da-f]{3,4}|[\da-f]{6}|[\da-f]{8})$/.exec(v)?.[1];
  if (hex) {
    const pairs = hex.length < 6 ? [...hex.slice(0, 3)].map((c) => c + c) : [0, 2, 4].map((i) => hex.slice(i, i + 2));
    return pairs.map((p) => parseInt(p, 16));
  }
  const rgb = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)\s*([,/][\s\d.%]*)?\)$/.exec(v);
  return rgb ? rgb.slice(1, 4).map((n) => Math.min(255, Number(n))) : null;
}

/** Relative luminance of an sRGB colour. */
export function luminance([r, g, b]: number[]): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r!) + 0.7152 * lin(g!) + 0.0722 * lin(b!);
}

/** Contrast ratio from 1 to 21; null when either colour cannot be read. */
export function contrastRatio(a: string, b: string): number | null {
  const [x, y] = [parseColor(a), parseColor(b)];
  if (!x || !y) return null;
  const [hi, lo] = [luminance(x), luminance(y)].sort((p, q) => q - p);
  return (hi! + 0.05) / (lo! + 0.05);
}

/** Black or white, whichever stands out more on `background`; null when it cannot be read. */
export function textOn(background: string): '#000' | '#fff' | null {
  const c = parseColor(background);
  if (!c) return null;
  // Equal contrast against both where (L + 0.05)² = 1.05 × 0.05.
  return luminance(c) > Math.sqrt(1.05 * 0.05) - 0.05 ? '#000' : '#fff';
}

/** Built-in colours the theme's own are checked against: [light, dark] (styles.css). */
const DEFAULTS = { background: ['#fff', '#1f2328'], text: ['#1f2328', '#f0f3f6'] } as const;

interface ThemeColors {
  accent?: string;
  onAccent?: string;
  background?: string;
  text?: string;
}

/**
 * Pairs of theme colours below WCAG's minimum, as sentences for a console warning: text on the
 * background and on the accent need 4.5:1 (1.4.3), the accent on the background 3:1, since it
 * draws the focus ring and the chosen point (1.4.11). Only pairs with a colour from the page are
 * checked, and the automatic text on the accent always passes.
 */
export function themeProblems(theme: ThemeColors, dark: boolean): string[] {
  const scheme = dark ? 1 : 0;
  const background = theme.background ?? DEFAULTS.background[scheme];
  const pairs: [string, string | undefined, string, string | undefined, number][] = [
    ['text', theme.text ?? DEFAULTS.text[scheme], 'background', background, 4.5],
    ['onAccent', theme.onAccent, 'accent', theme.accent, 4.5],
    ['accent', theme.accent, 'background', background, 3],
  ];
  const out: string[] = [];
  for (const [fgName, fg, bgName, bg, min] of pairs) {
    const own = theme[fgName as keyof ThemeColors] !== undefined || theme[bgName as keyof ThemeColors] !== undefined;
    const ratio = own && fg && bg ? contrastRatio(fg, bg) : null;
    if (ratio !== null && ratio < min) {
      out.push(`theme.${fgName} ${fg} on ${bgName} ${bg} has a contrast of ${ratio.toFixed(2)}:1, below ${min}:1.`);
    }
  }
  return out;
}
