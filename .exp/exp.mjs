import { build } from 'vite';
const inc = process.argv[2] ? new RegExp(process.argv[2]) : null;
const minify = process.argv[2]==='none' ? false : inc ? { compress: true, mangle: true, mangleProps: { include: inc, quoted: process.argv[3] === 'q' } } : true;
await build({ configFile: 'vite.config.ts', mode: 'embed', logLevel: 'silent', build: { outDir: '/tmp/expdist', emptyOutDir: true, rolldownOptions: { output: { minify } } } });
const fs = await import('node:fs'); const z = await import('node:zlib');
const code = fs.readFileSync('/tmp/expdist/csat-widget.iife.js');
console.log(code.length, z.gzipSync(code, { level: 9 }).length);
