import { place } from './position';

/**
 * Script-tag build: the glue is bundled in, so "loading" it is immediate. A plain object rather
 * than `import * as`, which would make the bundler ship a namespace-object helper.
 */
export const loadPosition = () => Promise.resolve({ place });
