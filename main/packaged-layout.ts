/**
 * Where the app's files are, in development and in a package. electron-builder packs out/,
 * rules/ and resources/ into app.asar (so Electron's asar integrity covers the guideline rules
 * and the letter wording where it is enforced) and unpacks what a worker thread or a native
 * module must read from a real file (electron-builder.yml `asarUnpack`), into app.asar.unpacked.
 * test/unit/packaging/packaged-app.test.ts checks that layout on a real electron-builder run.
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * The folder holding rules/ and resources/: `app.getAppPath()` in a package (the app.asar
 * archive, read through Electron's asar support), the project root in development, where the
 * bundle runs from out/main/.
 */
export function appRootDir(opts: { isPackaged: boolean; appPath: string; bundleDir: string }): string {
  return opts.isPackaged ? opts.appPath : path.resolve(opts.bundleDir, '..', '..');
}

const ASAR_SEGMENT = /([\\/])app\.asar([\\/])/;

/**
 * The real file behind a path inside app.asar that electron-builder unpacked. Electron redirects
 * the main thread's own reads, but a worker thread's module loader and a native module need the
 * file itself. Paths outside an archive come back unchanged.
 */
export function unpackedPath(p: string): string {
  return p.replace(ASAR_SEGMENT, '$1app.asar.unpacked$2');
}

/** `unpackedPath` for a file: URL (worker scripts are started from URLs). */
export function unpackedUrl(url: URL): URL {
  if (url.protocol !== 'file:') return url;
  return pathToFileURL(unpackedPath(fileURLToPath(url)));
}
