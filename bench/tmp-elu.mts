import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { extractText } from '../main/text/extract-text';
const bytes = readFileSync('bench/.fixtures/record-1000.pdf');
for (let r = 0; r < 3; r++) {
  const e0 = performance.eventLoopUtilization();
  const t0 = performance.now();
  await extractText(bytes);
  const e = performance.eventLoopUtilization(e0);
  console.log('wall', (performance.now() - t0).toFixed(0), 'main active ms', e.active.toFixed(0));
}
