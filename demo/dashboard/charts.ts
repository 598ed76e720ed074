// Two small SVG charts, no chart library: a bar chart and a line with gaps. Each is one
// <svg role="img"> named by its <title> and described by a <desc> that says in words what the
// picture shows; the same numbers are in a table next to it. Every text goes in with textContent.

const SVG_NS = 'http://www.w3.org/2000/svg';
let uid = 0;

/** Creates an SVG element with attributes and children. */
export function svg(tag: string, attrs: Record<string, string | number> = {}, ...children: (Node | string)[]) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  node.append(...children);
  return node;
}

/** One bar or point. */
export interface Datum {
  /** Short label under the bar. */
  label: string;
  /** Null: no value (a gap in a line). */
  value: number | null;
  /** Spoken and shown on hover, e.g. `4 of 5: 12 answers`. */
  description: string;
}

interface ChartOptions {
  title: string;
  /** A sentence or two saying what the chart shows. */
  summary: string;
  data: Datum[];
  /** Top of the value axis; the largest value when missing. */
  max?: number;
  /** Value axis label text, e.g. `(v) => v + '%'`. */
  tick?: (v: number) => string;
  kind: 'bars' | 'line';
  /** Whole numbers only on the value axis (counts). */
  integer?: boolean;
  /**
   * Drawn width in CSS pixels (the container's). The drawing is made at that size rather than
   * scaled, so 12 px labels stay 12 px on a phone instead of shrinking to 6. @default 560
   */
  width?: number;
}

const H = 220;
/** Room one axis label needs, in pixels. */
const LABEL_W = 44;
const PAD = { top: 12, right: 8, bottom: 28, left: 40 };

/** Rounds a maximum up to a tidy axis end: 1, 2, 5 × 10ⁿ. */
function niceMax(v: number): number {
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  return ([1, 2, 5, 10].find((m) => m * p >= v) ?? 10) * p;
}

/** An accessible chart: `<svg role="img">` with `<title>` and `<desc>`. */
export function chart({ title, summary, data, max, tick = String, kind, integer, width }: ChartOptions): SVGSVGElement {
  const W = Math.max(240, Math.round(width || 560));
  const id = `chart-${++uid}`;
  const top = max ?? niceMax(Math.max(0, ...data.map((d) => d.value ?? 0)));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const slot = plotW / Math.max(1, data.length);
  const x = (i: number) => PAD.left + slot * i + slot / 2;
  const y = (v: number) => PAD.top + plotH - (v / top) * plotH;

  const root = svg('svg', {
    viewBox: `0 0 ${W} ${H}`,
    role: 'img',
    'aria-labelledby': `${id}-title ${id}-desc`,
    class: `chart-svg ${kind}`,
  }) as SVGSVGElement;
  root.append(svg('title', { id: `${id}-title` }, title), svg('desc', { id: `${id}-desc` }, summary));

  // Grid lines and value labels at 0, ½ and the top; no half answers on a count axis.
  for (const v of integer && top % 2 ? [0, top] : [0, top / 2, top]) {
    root.append(
      svg('line', { class: 'grid', x1: PAD.left, x2: W - PAD.right, y1: y(v), y2: y(v) }),
      svg('text', { class: 'tick', x: PAD.left - 6, y: y(v) + 4, 'text-anchor': 'end' }, tick(v)),
    );
  }

  // Label every bar when they fit, else every few.
  const every = Math.ceil(data.length / Math.max(1, Math.floor(plotW / LABEL_W)));
  data.forEach((d, i) => {
    // Counted from the end, so the latest point is always labelled and the spacing stays even.
    if ((data.length - 1 - i) % every === 0) {
      root.append(svg('text', { class: 'tick', x: x(i), y: H - 8, 'text-anchor': 'middle' }, d.label));
    }
  });

  if (kind === 'bars') {
    const bw = Math.min(48, slot * 0.7);
    data.forEach((d, i) => {
      const v = d.value ?? 0;
      const bar = svg('rect', {
        class: 'bar',
        x: x(i) - bw / 2,
        y: y(v),
        width: bw,
        // A zero still shows a hairline, so the scale's points are all visible.
        height: Math.max(v ? 1 : 0.5, y(0) - y(v)),
      });
      bar.append(svg('title', {}, d.description));
      root.append(bar);
    });
  } else {
    // Segments join consecutive points; a null value breaks the line.
    let path = '';
    let pen = false;
    data.forEach((d, i) => {
      if (d.value === null) {
        pen = false;
        return;
      }
      path += `${pen ? 'L' : 'M'}${x(i).toFixed(1)} ${y(d.value).toFixed(1)}`;
      pen = true;
    });
    if (path) root.append(svg('path', { class: 'line', d: path }));
    data.forEach((d, i) => {
      if (d.value === null) return;
      const dot = svg('circle', { class: 'dot', cx: x(i), cy: y(d.value), r: 4 });
      dot.append(svg('title', {}, d.description));
      root.append(dot);
    });
  }
  return root;
}
