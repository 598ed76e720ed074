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

afterEach(() => {
  cleanup();
  document.body.replaceChildren();
  localStorage.clear();
});
