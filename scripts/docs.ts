/** `npm run docs`: regenerates the README's input and output tables from action.yml. */
import { readFileSync, writeFileSync } from 'node:fs';
import { readAction, renderTables, replaceBetween } from './action-docs.ts';

const tables = renderTables(readAction('action.yml'));
let readme = readFileSync('README.md', 'utf8');
readme = replaceBetween(readme, 'inputs', tables.inputs);
readme = replaceBetween(readme, 'outputs', tables.outputs);
writeFileSync('README.md', readme);
console.log('README.md tables regenerated from action.yml');
