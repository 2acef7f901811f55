/** secgate's version: shown by --version, in SARIF, and part of every memo key. */
export const VERSION = '0.1.0';
