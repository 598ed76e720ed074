import * as position from './position';

/** Script-tag build: the glue is bundled in, so "loading" it is immediate. */
export const loadPosition = () => Promise.resolve(position);
