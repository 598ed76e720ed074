import { autoUpdate, computePosition, flip, offset, shift } from '@floating-ui/dom';

/**
 * Keeps `panel` next to `anchor` while it is open: flips to the other side and shifts along it
 * to stay on screen, and follows scrolling and resizing. Returns the cleanup.
 * `fixed` strategy, because the panel lives in a shadow root on <body> (floating-ui platform docs).
 */
export function place(panel: HTMLElement, anchor: Element): () => void {
  return autoUpdate(anchor, panel, () => {
    computePosition(anchor, panel, {
      strategy: 'fixed',
      placement: 'bottom',
      middleware: [offset(8), flip(), shift({ padding: 8 })],
    }).then(({ x, y }) => {
      panel.style.left = x + 'px';
      panel.style.top = y + 'px';
      panel.dataset.placed = '';
    });
  });
}
