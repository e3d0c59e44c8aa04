import { OpsradarError } from '../core/errors.js';
import type { Lang } from '../core/types.js';

/** A usage error from the command line (bad option, unknown id). */
export class UserError extends OpsradarError {}

/** Prints an error for a person, in `lang` (`--lang`), and returns the process exit code. */
export function reportError(error: unknown, lang: Lang): number {
  if (error instanceof OpsradarError) {
    process.stderr.write(`opsradar: ${error.messageIn(lang)}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`opsradar: unexpected error: ${message}\n`);
  return 1;
}
