import { afterEach, vi } from 'vitest';
import { cleanup } from '@testing-library/preact';

// Unexpected console output fails the test (as zod's fail-on-console does); tests that expect a
// `[csat]` warning opt in with vi.spyOn(console, 'warn').
for (const level of ['log', 'info', 'warn', 'error'] as const) {
  const original = console[level];
  console[level] = (...args: unknown[]) => {
    if (vi.isMockFunction(console[level])) return;
    original.apply(console, args);
    throw new Error(`unexpected console.${level}: ${args.map(String).join(' ')}`);
  };
}

afterEach(async () => {
  cleanup();
  // A question still open closes when its element is removed, with a [csat] warning: expected here.
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  document.body.replaceChildren();
  await new Promise((resolve) => setTimeout(resolve));
  warn.mockRestore();
  localStorage.clear();
});
