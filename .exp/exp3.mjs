import { build } from 'vite';
const extra = JSON.parse(process.argv[2]);
await build({ configFile: 'vite.config.ts', mode: 'embed', logLevel: 'silent', build: { outDir: '/tmp/expdist3', emptyOutDir: true, ...extra } });
const fs = await import('node:fs'); const z = await import('node:zlib');
const code = fs.readFileSync('/tmp/expdist3/csat-widget.iife.js');
console.log(code.length, z.gzipSync(code, { level: 9 }).length);
