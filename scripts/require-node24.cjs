// Runs first in every npm script that runs Node. The scripts need Node 24, which `npm ci` installs through the `node`
// devDependency's install script and puts first on PATH inside npm scripts. With --ignore-scripts (or
// ignore-scripts=true in .npmrc) that install never happens and the machine's own Node fails later in obscure ways
// ("Unknown file extension .ts"); this says what to do instead. CommonJS and plain syntax, so any Node can run it.
'use strict';
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  console.error(
    'This project needs Node.js 24, but npm scripts are running on Node.js ' +
      process.versions.node +
      '. `npm ci` installs Node 24 through the `node` devDependency unless install scripts are skipped ' +
      '(--ignore-scripts, or ignore-scripts=true in .npmrc). Run `npm rebuild node --ignore-scripts=false`, ' +
      'or put Node.js 24 first on PATH.',
  );
  process.exit(1);
}
