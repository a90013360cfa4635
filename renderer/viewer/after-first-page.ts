/**
 * Resolves once the viewer has painted its first page (or after `maxMs`), so background work
 * (thumbnails, asking main for the record's text, which starts extraction and OCR) does not
 * compete with the page the reviewer is waiting for.
 */
export function afterFirstPage(maxMs = 4000): Promise<void> {
  const done = () => performance.getEntriesByName('wb-first-page-rendered').length > 0;
  if (done()) return Promise.resolve();
  const until = performance.now() + maxMs;
  return new Promise((resolve) => {
    const check = () => (done() || performance.now() >= until ? resolve() : setTimeout(check, 100));
    setTimeout(check, 100);
  });
}
