import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../errors.js';
import { messages } from '../messages.js';

/**
 * Parses a command's options strictly: an unknown flag is a usage error, never
 * silently ignored. Shared by all commands.
 */
export function parseOptions<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message, { remedy: messages.usageRemedy, cause: error });
  }
}
