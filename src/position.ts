import { autoUpdate, computePosition, flip, offset, shift, size } from '@floating-ui/dom';

/** Space between the panel and its anchor, and between the panel and the viewport's edges, px. */
const GAP = 8;

/**
 * Keeps `panel` next to `anchor` while it is open, with Floating UI
 * (https://floating-ui.com/docs/computePosition): below the anchor, or above it when it does not
 * fit below and there is more room above (flip); no taller than the room on its side, scrolling
 * inside beyond that (size), so at 400 % zoom the whole question stays reachable; shifted along
 * both axes to stay inside the viewport, over the anchor when even that is too little (shift).
 * `strategy: 'fixed'` matches the panel's CSS. In the top layer (popover="manual") its containing
 * block is the viewport; without the popover API, Floating UI's DOM platform finds the real one
 * (a transformed ancestor, say), so the numbers are right either way. autoUpdate follows scrolling
 * of every scrolling ancestor and resizing of the window and of either element.
 * `placed` runs once, when the panel first shows in its place. Returns the cleanup.
 */
export function place(panel: HTMLElement, anchor: Element, placed?: () => void): () => void {
  const update = () => {
    // Measured at its natural height, so the side it takes never depends on an earlier cap.
    panel.style.maxHeight = '';
    computePosition(anchor, panel, {
      strategy: 'fixed',
      placement: 'bottom',
      middleware: [
        offset(GAP),
        flip({ padding: GAP, crossAxis: false }),
        size({
          padding: GAP,
          apply({ availableHeight, rects }) {
            if (rects.floating.height > availableHeight) panel.style.maxHeight = Math.max(0, availableHeight) + 'px';
          },
        }),
        shift({ padding: GAP, crossAxis: true }),
      ],
    }).then(({ x, y }) => {
      panel.style.left = x + 'px';
      panel.style.top = y + 'px';
      if (!('placed' in panel.dataset)) {
        panel.dataset.placed = '';
        placed?.();
      }
    });
  };
  return autoUpdate(anchor, panel, update);
}
