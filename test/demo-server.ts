// The demo server for the browser and PostgreSQL tests: `node demo/server.mjs` on a free port of
// 127.0.0.1 with its own data directory (scripts/demo-process.mjs, shared with the screenshots).
export { startDemo, type Demo } from '../scripts/demo-process.mjs';
