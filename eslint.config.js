// ESLint for the whole project: TypeScript (typescript-eslint) and Svelte 5
// (eslint-plugin-svelte), plus the engine's house rules as lint rules so they fail
// `npm test` instead of waiting for a review. Formatting is Prettier's (.prettierrc.json).
import js from '@eslint/js';
import ts from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';

// Math functions whose last bit ECMAScript leaves to the engine (Chromium and Node
// differ); the engine uses worker/engine/core/detmath.ts instead. Math.sqrt is
// correctly rounded by the spec and stays allowed.
const INEXACT_MATH = [
  'exp',
  'expm1',
  'log',
  'log1p',
  'log2',
  'log10',
  'pow',
  'sin',
  'cos',
  'tan',
  'asin',
  'acos',
  'atan',
  'atan2',
  'sinh',
  'cosh',
  'tanh',
  'asinh',
  'acosh',
  'atanh',
  'cbrt',
  'hypot',
];

export default ts.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'public/**'] },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      'svelte/no-at-html-tags': 'error',
      // {' '} keeps a space that Svelte 5 would trim at an element's edge: not useless here
      'svelte/no-useless-mustaches': 'off',
      // our Maps/Sets/URLs in components are scratch values or caches, never reactive state
      // (state is $state/$state.raw, replaced whole); SvelteMap & co. would only add cost
      'svelte/prefer-svelte-reactivity': 'off',
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: ts.parser, extraFileExtensions: ['.svelte'] } },
  },
  {
    // The engine: deterministic from the seed, in Node and in every browser.
    files: ['worker/engine/**/*.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'The engine draws only from its seeded streams (sim.rng).' },
        { object: 'Date', property: 'now', message: 'The engine has no wall clock: time is sim.now.' },
        { object: 'performance', property: 'now', message: 'The engine has no wall clock: time is sim.now.' },
        ...INEXACT_MATH.map((property) => ({
          object: 'Math',
          property,
          message: 'Implementation-defined precision: use worker/engine/core/detmath.ts.',
        })),
      ],
      'no-restricted-globals': [
        'error',
        { name: 'setTimeout', message: 'The engine has no timers: schedule an event.' },
        { name: 'setInterval', message: 'The engine has no timers: schedule an event.' },
        { name: 'Date', message: 'The engine has no wall clock: time is sim.now.' },
      ],
    },
  },
  {
    // The page talks to the engine through the contract only.
    files: ['src/**/*.ts', 'src/**/*.svelte'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ group: ['**/worker/engine/*', '**/worker/engine/**'], message: 'The page imports worker/contract.ts, not engine internals.' }],
        },
      ],
    },
  },
);
