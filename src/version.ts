/** secgate's version: shown by --version, in SARIF, and part of every memo key. */
export const VERSION = '0.1.0';

/** Where a reader of a report (a SARIF viewer, say) learns what secgate is: the package's page. */
export const HOMEPAGE = 'https://www.npmjs.com/package/secgate';
