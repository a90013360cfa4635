/**
 * The first page of a record, small, for the document list. Rendered once per document by
 * pdf.js into a canvas; the document is closed again right after, so thumbnails cost no memory
 * beyond their pixels. A document that cannot be opened shows a plain placeholder.
 */
import { useEffect, useRef, useState } from 'react';
import { Box } from '@mui/material';
import { openPdf } from './pdfjs';
import { afterFirstPage } from './after-first-page';

const WIDTH = 44;

export function DocThumbnail({ url, name }: { url: string; name: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let cancelled = false;
    let destroy: (() => Promise<void>) | undefined;
    (async () => {
      await afterFirstPage();
      if (cancelled) return;
      const pdf = await openPdf(url, name);
      destroy = () => pdf.loadingTask.destroy();
      if (cancelled) return;
      const page = await pdf.getPage(1);
      const base = page.getViewport({ scale: 1 });
      const viewport = page.getViewport({ scale: (WIDTH * 2) / base.width });
      const canvas = ref.current;
      if (!canvas || cancelled) return;
      canvas.width = Math.round(viewport.width);
      canvas.height = Math.round(viewport.height);
      await page.render({ canvas, viewport }).promise;
    })()
      .catch(() => !cancelled && setFailed(true))
      .finally(() => void destroy?.());
    return () => {
      cancelled = true;
    };
  }, [url, name]);
  return (
    <Box sx={{ width: WIDTH, flexShrink: 0, mr: 1, border: 1, borderColor: 'divider', bgcolor: failed ? 'grey.200' : '#fff', minHeight: 56, display: 'flex' }}>
      {!failed && <canvas ref={ref} style={{ width: WIDTH, height: 'auto', display: 'block' }} aria-hidden="true" />}
    </Box>
  );
}
