/** The 1,000-page record PDF the text benchmarks share, generated once into bench/.fixtures. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { renderPdf } from '../main/pdf/render-pdf';
import { fixturesDir, recordContent } from './bench-util';

export async function recordPdf(pages = 1000): Promise<{ file: string; bytes: Buffer }> {
  const file = path.join(fixturesDir, `record-${pages}.pdf`);
  if (!existsSync(file)) writeFileSync(file, await renderPdf({ pageSize: 'LETTER', content: recordContent(pages) }));
  return { file, bytes: readFileSync(file) };
}
