#!/usr/bin/env node
// A trampoline: everything the CLI does lives in the built, importable dist/cli.js.
import { main } from '../dist/cli.js';

process.exitCode = await main(process.argv.slice(2));
