// Lint, and the process boundaries that must hold after us (see CONVENTIONS.md):
//   shared/   pure: no Node, no DOM, no Electron, nothing from main/ or renderer/
//   renderer/ browser only: no Node, no Electron, nothing from main/
//   main/     only main/index.ts, main/preload.ts and main/ipc.ts may import electron
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const electron = { name: 'electron', message: 'Only main/index.ts, main/preload.ts and main/ipc.ts may import electron.' };
const nodeOnly = nodeBuiltins.map((name) => ({ name, message: 'This layer runs without Node: move the work to main/ and call it through the API.' }));

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'bench/.fixtures/**', 'main/text/*.worker.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': ['error', { allow: ['error', 'warn'] }],
    },
  },
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: { 'no-restricted-imports': ['error', { paths: [electron] }] },
  },
  {
    files: ['main/index.ts', 'main/preload.ts', 'main/ipc.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // electron-vite's ESM shim declares `const require` at the top of the main bundle: a module's
    // own `require` would make the bundle fail to parse (test/unit/main-process/built-bundle.test.ts).
    files: ['main/**/*.ts'],
    rules: {
      'no-restricted-syntax': ['error', { selector: "VariableDeclarator[id.name='require']", message: 'Name it requireFromHere: the bundle\'s ESM shim already declares `require`.' }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [electron, ...nodeOnly],
        patterns: [{ group: ['**/main/**', '**/renderer/**', 'react', 'react-dom', '@mui/*'], message: 'shared/ is pure: it imports nothing from main/, renderer/ or UI libraries.' }],
      }],
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'fetch', 'process', 'Buffer', 'require'],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'react-hooks/set-state-in-effect': 'off',
      'no-restricted-imports': ['error', {
        paths: [electron, ...nodeOnly],
        patterns: [{ group: ['**/main/**'], message: 'The renderer reaches main only through window.workbench.' }],
      }],
      'no-restricted-globals': ['error', 'process', 'Buffer', 'require'],
    },
  },
  {
    // Plain Node scripts (test runner, CI helpers).
    files: ['**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', Request: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setImmediate: 'readonly' } },
  },
  {
    files: ['scripts/**', 'bench/**', 'test/**', 'main/cli.ts', 'main/cli/**'],
    rules: { 'no-console': 'off' },
  },
);
