#!/usr/bin/env node
// A trampoline: everything the CLI does lives in the built dist/cli.cjs.
// CommonJS on purpose (bin/package.json): a hook then never starts Node's ES
// module loader, about 8 ms of every commit.
'use strict';

const { main } = require('../dist/cli.cjs');

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
