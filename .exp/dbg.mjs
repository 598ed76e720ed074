import { launchChromium } from '../scripts/chromium.mjs';
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
const L = readFileSync('dist/csat-widget.loader.js');
const server = createServer((q, r) => { if (q.url.startsWith('/csat-widget.loader.js')) r.writeHead(200,{'content-type':'text/javascript'}).end(L); else r.writeHead(200,{'content-type':'text/html'}).end(q.url==='/l'?'<script>window.bench=1</script><script src="/csat-widget.loader.js" data-endpoint="/api/csat"></script>':'<script>window.bench=1</script>'); });
await new Promise(r => server.listen(0,'127.0.0.1',r)); const o='http://127.0.0.1:'+server.address().port;
const b = await launchChromium();
for (const p of ['/e','/l','/e','/l','/l']) { const c = await b.newContext(); const page = await c.newPage(); const cdp = await c.newCDPSession(page); await cdp.send('Performance.enable'); await page.goto(o+p);
 const m = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map(x=>[x.name,x.value]));
 console.log(p, (m.ScriptDuration*1000).toFixed(2), (m.TaskDuration*1000).toFixed(1), await page.evaluate(()=>!!window.csat)); await c.close(); }
await b.close(); server.close();
