// `node bench/collector.mjs` (after `npm run build`): what the collector costs per request, one
// valid answer each (a fresh id, so every one is stored) through createCollector + memoryStore,
// against validating the same body alone. Issue 12's target: ≤ 0.1 ms per request over 10,000.
// A measurement, not a test: it prints the figures and always exits 0.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dist = (file) => fileURLToPath(new URL(`../dist/${file}`, import.meta.url));
if (!existsSync(dist('server.js')) || !existsSync(dist('schema.js'))) {
  console.error('bench: dist/ is missing; run `npm run build` first.');
  process.exit(0);
}
const { createCollector, memoryStore } = await import(dist('server.js'));
const { parseAnswer } = await import(dist('schema.js'));

const REQUESTS = 10_000;
const TARGET_MS = 0.1;

const answer = (id) => ({
  v: 1,
  id,
  survey: 'checkout',
  interaction: 'order-1234',
  scale: { type: 'stars', min: 1, max: 5 },
  score: 4,
  normalized: 0.75,
  satisfied: true,
  comment: 'Quick delivery',
  locale: 'en',
  page: 'https://shop.example/checkout/done',
  at: '2026-11-23T10:00:00.000Z',
  metadata: { plan: 'pro' },
});
const WARM_UP = 1000;
const bodies = Array.from({ length: WARM_UP + REQUESTS }, () => JSON.stringify(answer(crypto.randomUUID())));
const request = (body) =>
  new Request('https://collect.test/csat', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });

/** Milliseconds per call of `f(i)` over REQUESTS bodies, after a warm-up on WARM_UP others. */
async function perCall(f, prepare = (body) => body) {
  const inputs = bodies.map(prepare);
  for (let i = 0; i < WARM_UP; i++) await f(inputs[i]);
  const start = performance.now();
  for (let i = WARM_UP; i < inputs.length; i++) await f(inputs[i]);
  return (performance.now() - start) / REQUESTS;
}

const statuses = new Map();
const count = (response) => statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
// The Request objects are made before the clock starts: a server framework makes them anyway,
// and in Node (undici) making one costs about as much as the whole target.
const handler = await perCall(async (r) => count(await createCollector({ store: memoryStore() })(r)), request);
const collect = createCollector({ store: memoryStore() });
const viaCollector = await perCall(async (r) => count(await collect(r)), request);
const collectAgain = createCollector({ store: memoryStore() });
const withRequest = await perCall(async (body) => count(await collectAgain(request(body))));
const validationOnly = await perCall((body) => {
  if (!parseAnswer(JSON.parse(body)).ok) throw new Error('bench: the answer should be valid');
});

const ms = (n) => `${n.toFixed(4)} ms`;
const mark = (n) => (n <= TARGET_MS ? 'ok' : 'OVER');
console.log(
  `collector, one valid answer per request (${REQUESTS} requests after ${WARM_UP} warm-up, Node ${process.version})`,
);
console.log(
  `  createCollector + memoryStore, one collector : ${ms(viaCollector)} per request (target ≤ ${TARGET_MS} ms) ${mark(viaCollector)}`,
);
console.log(`  the same, plus new Request() per request     : ${ms(withRequest)}`);
console.log(`  a new collector per request (schemas kept)   : ${ms(handler)}`);
console.log(`  JSON.parse + parseAnswer alone               : ${ms(validationOnly)}`);
console.log(`  ratio collector / validation alone           : ${(viaCollector / validationOnly).toFixed(1)}×`);
console.log(`  statuses: ${JSON.stringify(Object.fromEntries(statuses))}`);
// For bench/targets.mjs, which reads the last line of `node bench/collector.mjs --json`.
if (process.argv.includes('--json')) console.log(JSON.stringify({ perRequestMs: viaCollector }));
