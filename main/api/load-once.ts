/**
 * A file the handlers read once and keep (rules, turnaround table, letter wording): the first
 * call loads it, later calls share that load. A failed load is forgotten, so a file fixed on
 * disk is read again on the next call instead of the error being kept until restart.
 */
export function loadOnce<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () =>
    (loaded ??= load().catch((e: unknown) => {
      loaded = undefined;
      throw e;
    }));
}
