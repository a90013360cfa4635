/**
 * pdf.js's PDFViewer set up the one way the workbench uses it (records and letters alike):
 * text layer on, no annotation layer (links and forms in a document are never followed), the
 * document opened through openPdf (bundled worker and fonts, errors in plain words).
 * Returns the viewer and a cleanup that drops the document.
 */
import { AnnotationMode } from 'pdfjs-dist';
import { EventBus, PDFLinkService, PDFViewer } from 'pdfjs-dist/web/pdf_viewer.mjs';
import { openPdf, type PDFDocumentProxy } from './pdfjs';

export interface MountedViewer {
  viewer: PDFViewer;
  eventBus: EventBus;
  /** Stops loading and drops the document. */
  dispose(): void;
}

export function mountPdfViewer(
  container: HTMLDivElement,
  doc: { url: string; name: string },
  on: { loaded(pdf: PDFDocumentProxy): void; failed(message: string): void },
): MountedViewer {
  let disposed = false;
  let pdf: PDFDocumentProxy | null = null;
  const eventBus = new EventBus();
  const linkService = new PDFLinkService({ eventBus });
  const viewer = new PDFViewer({ container, eventBus, linkService, annotationMode: AnnotationMode.DISABLE, textLayerMode: 1, removePageBorders: false });
  linkService.setViewer(viewer);
  openPdf(doc.url, doc.name).then(
    (loaded) => {
      if (disposed) return void loaded.loadingTask.destroy();
      pdf = loaded;
      viewer.setDocument(loaded);
      linkService.setDocument(loaded);
      on.loaded(loaded);
    },
    (e: Error) => {
      if (!disposed) on.failed(e.message);
    },
  );
  return {
    viewer,
    eventBus,
    dispose() {
      disposed = true;
      viewer.setDocument(null as never);
      void pdf?.loadingTask.destroy();
    },
  };
}
