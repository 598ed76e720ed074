import fs from 'node:fs';
import zlib from 'node:zlib';
import { SourceMapConsumer } from 'source-map-js';
const code = fs.readFileSync('dist/csat-widget.iife.js', 'utf8');
const map = new SourceMapConsumer(JSON.parse(fs.readFileSync('dist/csat-widget.iife.js.map', 'utf8')));
const lines = code.split('\n');
const segs = {};
const byLine = {};
map.eachMapping((m) => {
  (byLine[m.generatedLine] ??= []).push(m);
});
for (let li = 0; li < lines.length; li++) {
  const line = lines[li];
  const mappings = (byLine[li + 1] || []).sort((a, b) => a.generatedColumn - b.generatedColumn);
  for (let i = 0; i < mappings.length; i++) {
    const end = i + 1 < mappings.length ? mappings[i + 1].generatedColumn : line.length;
    const src = mappings[i].source || '?';
    const key = src.includes('node_modules/')
      ? src.replace(/.*node_modules\/(@[^/]+\/[^/]+|[^/]+)\/.*/, '$1')
      : src.includes('/src/')
        ? 'src/' + src.replace(/.*\/src\//, '')
        : '?';
    (segs[key] ??= []).push(line.slice(mappings[i].generatedColumn, end));
  }
}
let tot = 0;
for (const [k, v] of Object.entries(segs)
  .map(([k, v]) => [k, zlib.gzipSync(v.join(''), { level: 9 }).length])
  .sort((a, b) => b[1] - a[1])) {
  tot += v;
  console.log(String(v).padStart(6), k);
}
console.log(tot, 'sum of separately gzipped parts; whole file', zlib.gzipSync(code, { level: 9 }).length);
