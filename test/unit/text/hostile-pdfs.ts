/**
 * Hostile PDFs, written byte by byte here so the suite does not depend on a file someone once
 * downloaded: each is a small file that makes a reader do something unbounded. The writer lays
 * objects out with a correct cross-reference table, so pdf.js takes the file at its word (no
 * repair pass hides the attack).
 */
import { deflateRawSync, constants } from 'node:zlib';

type Obj = string | { dict: string; stream: Buffer };

/** A PDF from numbered objects (1 = catalog), with `junk` written before the header. */
export function writePdf(objects: Obj[], opts: { junk?: Buffer } = {}): Buffer {
  const parts: Buffer[] = [];
  let length = 0;
  const push = (b: Buffer | string) => {
    const buf = typeof b === 'string' ? Buffer.from(b, 'latin1') : b;
    parts.push(buf);
    length += buf.length;
  };
  if (opts.junk) push(opts.junk);
  const base = length;
  push('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n');
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    // Offsets count from the header, as readers do when junk precedes it.
    offsets.push(length - base);
    if (typeof o === 'string') push(`${i + 1} 0 obj\n${o}\nendobj\n`);
    else {
      push(`${i + 1} 0 obj\n<< ${o.dict} /Length ${o.stream.length} >>\nstream\n`);
      push(o.stream);
      push('\nendstream\nendobj\n');
    }
  });
  const xref = length - base;
  push(`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`);
  push(offsets.map((off) => `${String(off).padStart(10, '0')} 00000 n \n`).join(''));
  push(`trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
  return Buffer.concat(parts, length);
}

const FONT = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>';
const LETTER = '[0 0 612 792]';

export const textContent = (text: string, y = 700) => Buffer.from(`BT /F1 12 Tf 72 ${y} Td (${text}) Tj ET\n`, 'latin1');

/**
 * A document of `contents.length` pages in one flat Kids array; each page's content stream
 * (with `dict` entries, e.g. a filter) and extra resources as given.
 */
export function pagesPdf(pages: { content: Buffer; dict?: string; resources?: string; mediaBox?: string }[], opts: { junk?: Buffer; extra?: Obj[] } = {}): Buffer {
  // 1 catalog, 2 pages, 3 font, then the extra objects, then content + page per page.
  const objects: Obj[] = ['<< /Type /Catalog /Pages 2 0 R >>', '', FONT, ...(opts.extra ?? [])];
  const kids: string[] = [];
  const shared = new Map<Buffer, number>();
  for (const p of pages) {
    let ref = shared.get(p.content);
    if (ref === undefined) {
      objects.push({ dict: p.dict ?? '', stream: p.content });
      ref = objects.length;
      shared.set(p.content, ref);
    }
    objects.push(`<< /Type /Page /Parent 2 0 R /MediaBox ${p.mediaBox ?? LETTER} /Resources << /Font << /F1 3 0 R >> ${p.resources ?? ''} >> /Contents ${ref} 0 R >>`);
    kids.push(`${objects.length} 0 R`);
  }
  objects[1] = `<< /Type /Pages /Count ${pages.length} /Kids [${kids.join(' ')}] >>`;
  return writePdf(objects, opts);
}

/**
 * A zlib stream that inflates to `piece` repeated `times`, built without ever holding the
 * inflated bytes: `piece` is deflated once with a sync flush (so its blocks end on a byte and
 * refer only to themselves) and those bytes are repeated, then a final empty block. The
 * Adler-32 trailer is left zero: a checksum is not what stops an attack, and pdf.js does not
 * read it.
 */
export function zlibBomb(piece: Buffer, times: number): Buffer {
  const block = deflateRawSync(piece, { level: 9, finishFlush: constants.Z_SYNC_FLUSH });
  const final = Buffer.from([0x03, 0x00]);
  return Buffer.concat([Buffer.from([0x78, 0xda]), ...Array.from({ length: times }, () => block), final, Buffer.alloc(4)]);
}

/** ~`inflatedMb` MB of drawing operators on one page behind a small FlateDecode stream. */
export function contentStreamBomb(inflatedMb = 2048): Buffer {
  const piece = Buffer.from('1 0 0 1 0 0 cm 0 0 m 1 1 l S\n'.repeat(1 << 17), 'latin1'); // ~3.8 MB
  const content = zlibBomb(piece, Math.ceil((inflatedMb * 1024 * 1024) / piece.length));
  return pagesPdf([{ content: textContent('Page one is fine.') }, { content, dict: '/Filter /FlateDecode' }, { content: textContent('Page three is fine.') }]);
}

/** A page whose only content is a `side` x `side` grey image that inflates to side^2 bytes. */
export function imageBomb(side = 40_000): Buffer {
  const row = Buffer.alloc(side, 0xff);
  const image = zlibBomb(Buffer.concat(Array.from({ length: Math.max(1, Math.floor((4 << 20) / side)) }, () => row)), Math.ceil(side / Math.max(1, Math.floor((4 << 20) / side))));
  const content = Buffer.from('q 612 0 0 792 0 0 cm /Im1 Do Q\n', 'latin1');
  return pagesPdf([{ content: textContent('Cover page, readable.') }, { content, resources: '/XObject << /Im1 4 0 R >>' }], {
    extra: [{ dict: `/Type /XObject /Subtype /Image /Width ${side} /Height ${side} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode`, stream: image }],
  });
}

/** `count` blank letter pages (no content at all): a scanner's runaway job, or an attack. */
export function hugePageCount(count = 20_000): Buffer {
  const empty = Buffer.alloc(0);
  return pagesPdf(Array.from({ length: count }, () => ({ content: empty })));
}

/** The page tree's only kid is a Pages node that lists the root again: pdf.js says "1 page". */
export function pageTreeCycle(): Buffer {
  return writePdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Count 1 /Kids [3 0 R] >>',
    '<< /Type /Pages /Parent 2 0 R /Count 1 /Kids [2 0 R] >>',
  ]);
}

/** One page at the bottom of `depth` nested Pages nodes. */
export function deepPageTree(depth = 5_000): Buffer {
  const objects: Obj[] = ['<< /Type /Catalog /Pages 2 0 R >>'];
  for (let d = 0; d < depth; d++) objects.push(`<< /Type /Pages /Count 1 /Kids [${d + 3} 0 R] ${d > 0 ? `/Parent ${d + 1} 0 R` : ''} >>`);
  objects.push(`<< /Type /Page /Parent ${depth + 1} 0 R /MediaBox ${LETTER} /Contents ${depth + 3} 0 R >>`);
  objects.push({ dict: '', stream: Buffer.alloc(0) });
  return writePdf(objects);
}

/** A page whose resources nest arrays `depth` deep: a recursive parser runs out of stack. */
export function deepNesting(depth = 100_000): Buffer {
  const nested = `${'['.repeat(depth)}${']'.repeat(depth)}`;
  return pagesPdf([{ content: textContent('Page one is fine.') }, { content: textContent('Nested.'), resources: `/Deep ${nested}` }]);
}

/** A readable two-page file with a few hundred bytes of junk before `%PDF-`, as some mailers write. */
export function junkBeforeHeader(junkBytes = 600): Buffer {
  return pagesPdf([{ content: textContent('Progress note after junk.') }, { content: textContent('Second page.') }], { junk: Buffer.from('X-Mailer-Junk: '.padEnd(junkBytes, 'j') + '\r\n', 'latin1') });
}

/** A page 200 inches square (PDF's own maximum is 14,400 units) and one far beyond it. */
export function hugePageSize(): Buffer {
  return pagesPdf([
    { content: textContent('Poster sized page.', 14_000), mediaBox: '[0 0 14400 14400]' },
    { content: textContent('Absurdly large page.', 100), mediaBox: '[0 0 5000000 5000000]' },
    // No text layer: OCR has to render it, which at 300 dpi would be 4.8 terapixels.
    { content: Buffer.from('4 w 0 0 m 5000000 5000000 l S\n', 'latin1'), mediaBox: '[0 0 5000000 5000000]' },
  ]);
}
