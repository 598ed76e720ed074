// Shared by the bench scripts: how their samples become the printed figures.

/** The median of `xs`; NaN when there are none. */
export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length ? (s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2) : NaN;
};

/** `x` rounded to `d` decimals. */
export const round = (x, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
