/**
 * `node --import ./register.mjs …`: every `import 'electron'` / `require('electron')` in this
 * process resolves to the recording double (electron.mjs) through a module resolve hook, so the
 * built bundle is loaded exactly as it was built, never edited. Worker threads the app starts get
 * no hooks (they never import electron).
 */
import { registerHooks } from 'node:module';

const DOUBLE = new URL('./electron.mjs', import.meta.url).href;

registerHooks({
  resolve(specifier, context, nextResolve) {
    if (specifier === 'electron') return { url: DOUBLE, format: 'module', shortCircuit: true };
    return nextResolve(specifier, context);
  },
});
