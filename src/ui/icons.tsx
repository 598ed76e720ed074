import { h } from 'preact';
// Inline SVG, never emoji: emoji fonts differ by platform and are missing on some.

export function Star() {
  return (
    <svg width="28" height="28" viewBox="0 0 24 24" aria-hidden="true">
      <path d="M12 2.8l2.8 5.8 6.4.8-4.7 4.4 1.2 6.3L12 17l-5.7 3.1 1.2-6.3-4.7-4.4 6.4-.8z" />
    </svg>
  );
}

/** A face whose mouth runs from a frown (mood −1) to a smile (mood 1). */
export function Face({ mood }: { mood: number }) {
  const y = 15.5 - mood;
  return (
    <svg width="30" height="30" viewBox="0 0 24 24" aria-hidden="true">
      <circle cx="12" cy="12" r="9.5" />
      <path d={`M9 9.5v1M15 9.5v1M8 ${y}Q12 ${y + 4 * mood} 16 ${y}`} />
    </svg>
  );
}

export function Cross() {
  return (
    <svg width="16" height="16" viewBox="0 0 24 24" aria-hidden="true">
      <path d="M6 6l12 12M18 6L6 18" />
    </svg>
  );
}
