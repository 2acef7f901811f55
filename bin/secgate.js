#!/usr/bin/env node
// A trampoline: everything the CLI does lives in the built dist/cli.cjs.
// CommonJS on purpose (bin/package.json): a hook then never starts Node's ES
// module loader, about 8 ms of every commit. Old syntax on purpose too: the
// Node version check must parse on any Node, before the bundle is loaded.
'use strict';

// First, before any work: an end that no verdict decided is a tool error (3), never a pass.
process.exitCode = 3;

var problem = require('./node-version.js').nodeVersionProblem(process.versions.node);
if (problem) {
  // An environment error, like a missing Bandit: a hook blocks, never passes.
  process.stderr.write(problem + '\n');
} else {
  var cli;
  try {
    // The bundle, compiled with this user's V8 code cache of it when there is a safe one (dist/boot.cjs).
    cli = require('../dist/boot.cjs').loadCli(require.resolve('../dist/cli.cjs'));
  } catch (error) {
    // The bundle's messages are out of reach here; an uncaught throw would exit 1, which reads as "blocked".
    process.stderr.write(
      'secgate: cannot load its code (' + error.message + ').\nReinstall secgate (npm install, or npm run build in a checkout).\n',
    );
    process.exit(3);
  }
  cli.start(process.argv.slice(2));
}
