// Which Node.js secgate runs on, checked before anything else is loaded.
// Written for any Node (ES2015 and older syntax, CommonJS): on an old Node this
// file must still parse, so that the user reads one line instead of a
// SyntaxError from the bundle. The sentence lives here, not in
// src/messages.ts, because the bundle is exactly what an old Node cannot load.
'use strict';

/** The oldest Node secgate supports: package.json's "engines" (a test keeps them equal). */
var MINIMUM = [20, 9];

/**
 * Returns undefined when `version` ("18.19.0", as in process.versions.node) is
 * new enough, else the one line to print.
 */
function nodeVersionProblem(version) {
  var parts = String(version).split('.');
  var major = parseInt(parts[0], 10);
  var minor = parseInt(parts[1], 10) || 0;
  if (major > MINIMUM[0] || (major === MINIMUM[0] && minor >= MINIMUM[1])) return undefined;
  return (
    'secgate needs Node.js >= ' +
    MINIMUM.join('.') +
    '; this is Node.js ' +
    version +
    ". Install Node.js 20 or later (Debian 12 ships 18: use NodeSource's nodejs package, nvm, or a Node.js release from nodejs.org) and run secgate with it."
  );
}

module.exports = { MINIMUM: MINIMUM, nodeVersionProblem: nodeVersionProblem };
