import type { ErrorObject } from 'ajv';
import validateSchema from './generated/validate.js';
import { defaultConfig } from './defaults.js';
import { isReason } from './reason.js';
import { messages } from '../messages.js';
import type { Config } from './types.js';

export interface ValidationResult {
  config: Config;
  /** One line per problem: field, what was found, what is allowed. Empty when valid. */
  errors: string[];
}

/**
 * Validates a raw config object against the schema, collecting every problem
 * so the user fixes them in one go, then merges it over the defaults.
 */
export function validateConfig(raw: unknown): ValidationResult {
  const input = raw ?? {};
  const errors: string[] = [];
  if (!validateSchema(input)) {
    for (const error of validateSchema.errors ?? []) errors.push(describe(error, input));
  }
  errors.push(...checkDates(input));
  errors.push(...checkReasons(input, errors));
  return { config: errors.length === 0 ? merge(input as RawConfig) : defaultConfig(), errors };
}

type RawConfig = Partial<Omit<Config, 'code' | 'deps' | 'bypass' | 'cache'>> & {
  code?: Partial<Config['code']>;
  deps?: Partial<Config['deps']>;
  bypass?: Partial<Config['bypass']>;
  cache?: Partial<Config['cache']>;
};

function merge(raw: RawConfig): Config {
  const defaults = defaultConfig();
  return {
    failOn: raw.failOn ?? defaults.failOn,
    inherited: raw.inherited ?? defaults.inherited,
    code: { ...defaults.code, ...raw.code },
    deps: { ...defaults.deps, ...raw.deps },
    ignore: raw.ignore ?? defaults.ignore,
    bypass: { ...defaults.bypass, ...raw.bypass },
    cache: { ...defaults.cache, ...raw.cache },
  };
}

/**
 * The schema checks the date's shape; this checks it is a real day. It runs
 * even when the schema failed (so every problem shows at once), hence the
 * defensive reads.
 */
function checkDates(raw: unknown): string[] {
  const ignore = (raw as { ignore?: unknown }).ignore;
  if (!Array.isArray(ignore)) return [];
  return ignore.flatMap((rule: unknown, index) => {
    const expires = (rule as { expires?: unknown } | null)?.expires;
    if (typeof expires !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(expires)) return [];
    const date = new Date(`${expires}T00:00:00Z`);
    const real = !Number.isNaN(date.getTime()) && date.toISOString().startsWith(expires);
    return real ? [] : [`ignore[${index}].expires: found ${JSON.stringify(expires)}, allowed: a real date as YYYY-MM-DD`];
  });
}

/**
 * The schema checks a reason's length; this checks it is one (isReason, the
 * rule a bypass reason meets too). A reason the schema already faulted is not
 * reported twice.
 */
function checkReasons(raw: unknown, already: string[]): string[] {
  const ignore = (raw as { ignore?: unknown }).ignore;
  if (!Array.isArray(ignore)) return [];
  return ignore.flatMap((rule: unknown, index) => {
    const reason = (rule as { reason?: unknown } | null)?.reason;
    const field = `ignore[${index}].reason`;
    if (typeof reason !== 'string' || isReason(reason) || already.some((e) => e.startsWith(`${field}:`))) return [];
    return [messages.notAReason(field)];
  });
}

/** Turns `/ignore/0/expires` into `ignore[0].expires`. */
function fieldName(instancePath: string, extra?: string): string {
  const parts = instancePath.split('/').slice(1);
  if (extra !== undefined) parts.push(extra);
  return (
    parts
      .map((part) => (/^\d+$/.test(part) ? `[${part}]` : `.${part.replace(/~1/g, '/').replace(/~0/g, '~')}`))
      .join('')
      .replace(/^\./, '') || '(top level)'
  );
}

function valueAt(root: unknown, instancePath: string): unknown {
  let value = root;
  for (const part of instancePath.split('/').slice(1)) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return value;
}

/**
 * A value as a message shows it: a scalar as written (cut at 40 characters),
 * a table or list only by its kind, so no message quotes more of a file than
 * the offending value.
 */
function shown(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value !== null && typeof value === 'object') return 'a table';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

function describe(error: ErrorObject, root: unknown): string {
  const found = shown(valueAt(root, error.instancePath));
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return `${fieldName(error.instancePath, String(params.additionalProperty))}: unknown field; allowed fields here: ${allowedKeys(error)}`;
    case 'required':
      return `${fieldName(error.instancePath, String(params.missingProperty))}: missing; it is required`;
    case 'enum':
      return `${fieldName(error.instancePath)}: found ${found}, allowed: ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'type':
      return `${fieldName(error.instancePath)}: found ${found}, allowed: ${String(params.type)}`;
    case 'pattern':
      return `${fieldName(error.instancePath)}: found ${found}, allowed: a date as YYYY-MM-DD`;
    case 'minLength':
      return `${fieldName(error.instancePath)}: found ${found}, allowed: a string of at least ${String(params.limit)} characters`;
    case 'minimum':
      return `${fieldName(error.instancePath)}: found ${found}, allowed: a number of at least ${String(params.limit)}`;
    default:
      return `${fieldName(error.instancePath)}: found ${found}, ${error.message ?? 'not allowed'}`;
  }
}

function allowedKeys(error: ErrorObject): string {
  const properties = (error.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties;
  return properties
    ? Object.keys(properties)
        .filter((key) => key !== '$schema')
        .join(', ')
    : 'see the README';
}
