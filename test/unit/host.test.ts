import { afterEach, describe, expect, it, vi } from 'vitest';
import { createHost } from '../../src/dom/host';

// The host element: what it puts on the page for a theme, and what it leaves out of the way to
// the points.

afterEach(() => {
  vi.restoreAllMocks();
});

describe('theme contrast', () => {
  it('a theme without colours asks no media query on the way to the points', () => {
    const query = vi.spyOn(window, 'matchMedia');
    createHost(document.body, { radius: 4, colorScheme: 'auto' });
    createHost(document.body);
    expect(query).not.toHaveBeenCalled();
  });

  it('a page colour is still checked against the colour scheme in use, and warned about once', () => {
    const query = vi.spyOn(window, 'matchMedia');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    createHost(document.body, { text: '#eee' });
    createHost(document.body, { text: '#eee' });
    expect(query).toHaveBeenCalledWith('(prefers-color-scheme: dark)');
    expect(warn).toHaveBeenCalledExactlyOnceWith(
      '[csat]',
      'theme.text #eee on background #fff has a contrast of 1.16:1, below 4.5:1.',
    );
  });
});
