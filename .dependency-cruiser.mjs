// The layer map of docs/architecture.md, checked by `npm run lint` (depcruise). Imports run downward only:
//   core  <  stats  <  safety  <  api, github  <  session  <  stages  <  gate  <  main.ts / index.ts / entry.ts
// A stage is any other folder under src/ (inputs, find, wait, rerun, judge, report, and new ones such as detach/),
// so a new stage folder is covered without touching this file. Type-only imports count: a type import that runs
// upward is still a reader following an arrow the wrong way, and it is how cycles hide.
import path from 'node:path';

const LOWER = 'core|stats|safety|api|github|session';
const NAMED = `${LOWER}|gate`;
// A file's own folder is always allowed (cycles inside it are caught by no-circular).
const only = (allowed) => `^src/(${allowed})/`;

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import cycle between files, type-only imports included, inside a folder or across folders.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-imports-nothing',
      severity: 'error',
      comment: 'core/ is the shared vocabulary at the bottom: it imports nothing else from src/.',
      from: { path: '^src/core/' },
      to: { path: '^src/', pathNot: only('core') },
    },
    {
      name: 'stats-imports-core-only',
      severity: 'error',
      comment: 'stats/ is pure statistics: core/ at most.',
      from: { path: '^src/stats/' },
      to: { path: '^src/', pathNot: only('core|stats') },
    },
    {
      name: 'safety-imports-core-only',
      severity: 'error',
      comment: 'safety/ (neutralize, redact, one-line text) imports core/ only.',
      from: { path: '^src/safety/' },
      to: { path: '^src/', pathNot: only('core|safety') },
    },
    {
      name: 'api-imports-core-safety',
      severity: 'error',
      comment: 'api/ (the MKA1 client) imports core/ and safety/ only.',
      from: { path: '^src/api/' },
      to: { path: '^src/', pathNot: only('core|safety|api') },
    },
    {
      name: 'github-imports-core-safety',
      severity: 'error',
      comment: 'github/ (GitHub REST access) imports core/ and safety/ only.',
      from: { path: '^src/github/' },
      to: { path: '^src/', pathNot: only('core|safety|github') },
    },
    {
      name: 'session-imports-below',
      severity: 'error',
      comment: 'session/ imports core/, stats/, safety/, api/ and github/ only: never a stage, gate/ or main.',
      from: { path: '^src/session/' },
      to: { path: '^src/', pathNot: only(LOWER) },
    },
    {
      name: 'stage-imports-below',
      severity: 'error',
      comment:
        'A stage imports core/, stats/, safety/, api/, github/, session/ and its own folder: never another stage, ' +
        'gate/ or main. What two stages need moves down; a function one stage needs from another is injected by gate/.',
      from: { path: '^src/([^/]+)/', pathNot: only(NAMED) },
      to: { path: '^src/', pathNot: `^src/(${LOWER}|$1)/` },
    },
    {
      name: 'gate-imports-no-entry',
      severity: 'error',
      comment: 'gate/ composes the stages; main.ts, index.ts and entry.ts sit on top of it.',
      from: { path: '^src/gate/' },
      to: { path: '^src/[^/]+$' },
    },
    {
      name: 'main-imports-no-entry',
      severity: 'error',
      comment: 'main.ts is the Actions adapter; index.ts and entry.ts load it, not the other way round.',
      from: { path: '^src/main\\.ts$' },
      to: { path: '^src/(index|entry)\\.ts$' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import the checker cannot resolve is an import it cannot check.',
      from: { path: '^src/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist)/' },
    // Type-only imports are dependencies too (`import type`, `export type ... from`).
    tsPreCompilationDeps: true,
    tsConfig: { fileName: path.join(import.meta.dirname, 'tsconfig.json') },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.mjs', '.cjs', '.json'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
