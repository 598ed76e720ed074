import { computePosition, type Middleware, type Platform } from '@floating-ui/core';
import { offset, shift } from '@floating-ui/dom';
import { doc, win } from './globals';

/** Space between the panel and its anchor, and between the panel and the viewport's edges, px. */
const GAP = 8;

/**
 * Floating UI's engine with a viewport-only platform. The panel is shown in the top layer
 * (popover="manual"), whose containing block is always the viewport, so @floating-ui/dom's
 * platform (offset parents, clipping ancestors, containing blocks: 4.2 KB gzipped with its
 * autoUpdate, flip and size) has nothing to do here. Sizes come from offsetWidth/offsetHeight, so
 * the entrance transform is ignored, and the height is the panel's natural one even while `fit`
 * caps it (scrollHeight), so the choice of side does not depend on an earlier cap.
 */
const size = (el: unknown) => {
  const e = el as HTMLElement;
  return { width: e.offsetWidth, height: e.scrollHeight + e.offsetHeight - e.clientHeight };
};
const viewportHeight = () => doc!.documentElement.clientHeight;
const platform: Platform = {
  getElementRects: ({ reference, floating }) => ({
    reference: (reference as Element).getBoundingClientRect(),
    floating: { x: 0, y: 0, ...size(floating) },
  }),
  getDimensions: size,
  getClippingRect: () => ({ x: 0, y: 0, width: doc!.documentElement.clientWidth, height: viewportHeight() }),
};

/**
 * Below the anchor, or above it when it does not fit below and there is more room above. Floating
 * UI's own flip() weighs every fallback placement and costs 800 bytes gzipped; with two sides to
 * choose from, one comparison does the same, as a middleware in the same pipeline.
 */
const flipY: Middleware = {
  name: 'flip',
  fn: ({ placement, rects: { reference: r, floating: f } }) => {
    const below = viewportHeight() - r.y - r.height;
    return placement == 'bottom' && f.height + 2 * GAP > below && r.y > below ? { reset: { placement: 'top' } } : {};
  },
};

/**
 * No taller than the room on its side (it scrolls inside beyond that), like Floating UI's size():
 * at 400 % zoom a question taller than the space above or below its anchor stays reachable.
 */
const fit: Middleware = {
  name: 'fit',
  fn: ({ placement, rects: { reference: r, floating: f }, elements }) => {
    const room = Math.max(0, (placement == 'top' ? r.y : viewportHeight() - r.y - r.height) - 2 * GAP);
    const style = (elements.floating as HTMLElement).style;
    const max = f.height > room ? room + 'px' : '';
    if (style.maxHeight !== max) style.maxHeight = max;
    return f.height > room ? { reset: { rects: { reference: r, floating: { ...f, height: room } } } } : {};
  },
};

/**
 * Keeps `panel` next to `anchor` while it is open: flips to the other side, caps its height to
 * the room there, and shifts it along both axes to stay inside the viewport (when even that is too
 * little, over the anchor rather than off screen); follows scrolling (of any scroller: scroll
 * events reach window in the capture phase), resizing of the window and of either element.
 * `placed` runs once, when the panel first shows in its place. Returns the cleanup.
 */
export function place(panel: HTMLElement, anchor: Element, placed?: () => void): () => void {
  const update = () => {
    computePosition(anchor, panel, {
      platform,
      strategy: 'fixed',
      placement: 'bottom',
      middleware: [offset(GAP), flipY, fit, shift({ padding: GAP, crossAxis: true })],
    }).then(({ x, y }) => {
      panel.style.left = x + 'px';
      panel.style.top = y + 'px';
      if (!('placed' in panel.dataset)) {
        panel.dataset.placed = '';
        placed?.();
      }
    });
  };
  const observer = new ResizeObserver(update);
  observer.observe(anchor);
  observer.observe(panel);
  const listen = (on: boolean) => {
    for (const type of ['scroll', 'resize']) win![on ? 'addEventListener' : 'removeEventListener'](type, update, true);
  };
  listen(true);
  return () => {
    observer.disconnect();
    listen(false);
  };
}
