import { createRequire } from 'node:module';
import AjvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';

/**
 * Validates a SARIF log against the SARIF 2.1.0 JSON schema as published by
 * Microsoft in @microsoft/jest-sarif (sarif-2.1.0-rtm.5, the schema GitHub code
 * scanning validates uploads against). It is a draft-04 schema, hence Ajv's
 * draft-04 class; ajv-formats checks `uri` and `uri-reference` (a path with a
 * space must be percent-encoded to pass).
 */
const require = createRequire(import.meta.url);
const schema = require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json') as object;

// The schema's language-tag pattern is not valid as a Unicode regular expression; it is as a plain one.
// Both are CommonJS: under NodeNext the default import is module.exports, whose `default` is the export itself.
const ajv = new AjvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false });
ajvFormats.default(ajv);
const validate = ajv.compile(schema);

/** The schema violations of a log, as readable lines; empty when it is valid. */
export function sarifSchemaErrors(log: unknown): string[] {
  if (validate(log)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? ''}`);
}
