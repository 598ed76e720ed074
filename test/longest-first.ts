// The test files' order (vite.config.ts, test.sequence.sequencer). Two workers take files in
// order, so a long file taken late runs on alone at the end. With a timings cache vitest starts
// the longest files first; a fresh clone (CI) has none, and vitest then starts the largest files
// first, which left the axe matrix (a small file, about a minute) to run alone at the end.
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** The longest files, longest first (about a minute each on 2 cores; `npm test` prints them). */
const LONGEST = ['a11y', 'never-lose', 'display', 'demo', 'demo-pages', 'delivery'].map(
  (name) => `/test/browser/${name}.test.ts`,
);

const rank = (file: TestSpecification) => {
  const i = LONGEST.findIndex((path) => file.moduleId.replaceAll('\\', '/').endsWith(path));
  return i < 0 ? LONGEST.length : i;
};

export class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    // Array.prototype.sort is stable: the rest keep vitest's order.
    return sorted.sort((a, b) => rank(a) - rank(b));
  }
}
