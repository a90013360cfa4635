/**
 * Renders a pdfmake document definition to PDF bytes in Node.
 * One place sets fonts and locks pdfmake out of the network and the file system,
 * so letters and generated fixtures cannot pull in outside resources.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type { TDocumentDefinitions } from 'pdfmake/interfaces';

// Not `require`: electron-vite's ESM shim declares that name at the top of the bundle.
const requireFromHere = createRequire(import.meta.url);

interface PdfMakeServer {
  setFonts(fonts: Record<string, Record<string, string>>): void;
  setUrlAccessPolicy(cb: (url: string) => boolean): void;
  setLocalAccessPolicy(cb: (p: string) => boolean): void;
  createPdf(doc: TDocumentDefinitions): { getBuffer(): Promise<Buffer> };
}

let configured: PdfMakeServer | undefined;

function pdfmake(): PdfMakeServer {
  if (configured) return configured;
  const pm = requireFromHere('pdfmake') as PdfMakeServer;
  const fontDir = path.join(path.dirname(requireFromHere.resolve('pdfmake/package.json')), 'fonts', 'Roboto');
  pm.setFonts({
    Roboto: {
      normal: path.join(fontDir, 'Roboto-Regular.ttf'),
      bold: path.join(fontDir, 'Roboto-Medium.ttf'),
      italics: path.join(fontDir, 'Roboto-Italic.ttf'),
      bolditalics: path.join(fontDir, 'Roboto-MediumItalic.ttf'),
    },
    Times: {
      normal: 'Times-Roman',
      bold: 'Times-Bold',
      italics: 'Times-Italic',
      bolditalics: 'Times-BoldItalic',
    },
    Courier: {
      normal: 'Courier',
      bold: 'Courier-Bold',
      italics: 'Courier-Oblique',
      bolditalics: 'Courier-BoldOblique',
    },
  });
  pm.setUrlAccessPolicy(() => false);
  const standardFonts = new Set(['Times-Roman', 'Times-Bold', 'Times-Italic', 'Times-BoldItalic', 'Courier', 'Courier-Bold', 'Courier-Oblique', 'Courier-BoldOblique']);
  pm.setLocalAccessPolicy((p) => p.startsWith(fontDir) || standardFonts.has(p));
  configured = pm;
  return pm;
}

export async function renderPdf(doc: TDocumentDefinitions): Promise<Buffer> {
  return pdfmake().createPdf({ defaultStyle: { font: 'Roboto' }, ...doc }).getBuffer();
}
