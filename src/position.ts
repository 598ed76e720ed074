import { computePosition, type Middleware, type Platform } from '@floating-ui/core';
import { offset, shift } from '@floating-ui/dom';
import { doc, win } from './globals';

/**
 * Floating UI's engine with a viewport-only platform. The panel is shown in the top layer
 * (popover="manual"), whose containing block is always the viewport, so @floating-ui/dom's
 * platform (offset parents, clipping ancestors, containing blocks: 3.3 KB gzipped) has nothing
 * to do here. Sizes come from offsetWidth/offsetHeight so the entrance transform is ignored.
 */
const size = (el: unknown) => ({ width: (el as HTMLElement).offsetWidth, height: (el as HTMLElement).offsetHeight });
const platform: Platform = {
  getElementRects: ({ reference, floating }) => ({
    reference: (reference as Element).getBoundingClientRect(),
    floating: { x: 0, y: 0, ...size(floating) },
  }),
  getDimensions: size,
  getClippingRect: () => {
    const root = doc!.documentElement;
    return { x: 0, y: 0, width: root.clientWidth, height: root.clientHeight };
  },
};

/**
 * Below the anchor, or above it when it does not fit below and there is more room above. Floating
 * UI's own flip() weighs every fallback placement and costs 800 bytes gzipped; with two sides to
 * choose from, one comparison does the same, as a middleware in the same pipeline.
 */
const flipY: Middleware = {
  name: 'flip',
  fn: ({ placement, rects: { reference: r, floating: f } }) => {
    const below = doc!.documentElement.clientHeight - r.y - r.height;
    return placement == 'bottom' && f.height + 16 > below && r.y > below ? { reset: { placement: 'top' } } : {};
  },
};

/**
 * Keeps `panel` next to `anchor` while it is open: flips to the other side and shifts along it
 * to stay on screen, and follows scrolling (of any scroller: scroll events reach window in the
 * capture phase), resizing of the window and of either element. `placed` runs once, when the
 * panel first shows in its place. Returns the cleanup.
 */
export function place(panel: HTMLElement, anchor: Element, placed?: () => void): () => void {
  const update = () => {
    computePosition(anchor, panel, {
      platform,
      strategy: 'fixed',
      placement: 'bottom',
      middleware: [offset(8), flipY, shift({ padding: 8 })],
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
