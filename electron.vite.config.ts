import { cpSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';

/** pdf.js's cmaps, standard fonts, wasm decoders and ICC profiles ship inside the app: nothing from a CDN. */
function copyPdfjsAssets(): Plugin {
  return {
    name: 'copy-pdfjs-assets',
    apply: 'build',
    closeBundle() {
      for (const dir of ['cmaps', 'standard_fonts', 'wasm', 'iccs']) {
        cpSync(resolve(__dirname, 'node_modules/pdfjs-dist', dir), resolve(__dirname, 'out/renderer/pdfjs', dir), { recursive: true });
      }
    },
  };
}

/**
 * main/text/pdf-worker.ts starts its worker from `new URL('./pdf-text.worker.mjs', import.meta.url)`:
 * the bundle needs that plain-JS worker beside out/main/index.js.
 */
function copyPdfTextWorker(): Plugin {
  return {
    name: 'copy-pdf-text-worker',
    apply: 'build',
    closeBundle() {
      cpSync(resolve(__dirname, 'main/text/pdf-text.worker.mjs'), resolve(__dirname, 'out/main/pdf-text.worker.mjs'));
    },
  };
}

// One build for the three parts. The renderer is a plain browser bundle (no Node), which the
// browser e2e harness loads from out/renderer exactly as Electron does.
export default defineConfig({
  main: {
    plugins: [copyPdfTextWorker()],
    build: {
      outDir: 'out/main',
      rollupOptions: { input: { index: resolve(__dirname, 'main/index.ts') } },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload must be one CommonJS file with nothing to require.
      externalizeDeps: false,
      rollupOptions: {
        input: { preload: resolve(__dirname, 'main/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    base: './',
    plugins: [react(), copyPdfjsAssets()],
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      emptyOutDir: true,
      rollupOptions: { input: { index: resolve(__dirname, 'renderer/index.html') } },
      chunkSizeWarningLimit: 4000,
    },
  },
});
