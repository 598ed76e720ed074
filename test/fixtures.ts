import type { Answer } from '../src/types';

/** A valid answer (4 of 5 stars), with a fresh id, for tests that need one; fields can be overridden. */
export function validAnswer(overrides: Record<string, unknown> = {}): Answer {
  return {
    v: 1,
    id: crypto.randomUUID(),
    survey: 'checkout',
    interaction: 'order-1234',
    scale: { type: 'stars', min: 1, max: 5 },
    score: 4,
    normalized: 0.75,
    satisfied: true,
    comment: null,
    locale: 'nl-NL',
    page: 'https://shop.example/checkout/done',
    at: '2026-11-23T10:00:00.000Z',
    metadata: {},
    ...overrides,
  } as Answer;
}
