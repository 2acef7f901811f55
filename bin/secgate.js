#!/usr/bin/env node
// A trampoline: everything the CLI does lives in the built dist/cli.cjs.
// CommonJS on purpose (bin/package.json): a hook then never starts Node's ES
// module loader, about 8 ms of every commit. Old syntax on purpose too: the
// Node version check must parse on any Node, before the bundle is loaded.
'use strict';

var problem = require('./node-version.js').nodeVersionProblem(process.versions.node);
if (problem) {
  process.stderr.write(problem + '\n');
  // An environment error, like a missing Bandit: a hook blocks, never passes.
  process.exitCode = 3;
} else {
  require('../dist/cli.cjs')
    .main(process.argv.slice(2))
    .then(function (code) {
      process.exitCode = code;
    });
}
