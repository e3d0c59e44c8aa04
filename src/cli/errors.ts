import { OpsradarError } from '../core/errors.js';

/** A usage error from the command line (bad option, unknown id). */
export class UserError extends OpsradarError {}

/** Prints an error for a person and returns the process exit code. */
export function reportError(error: unknown): number {
  if (error instanceof OpsradarError) {
    process.stderr.write(`opsradar: ${error.message}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`opsradar: unexpected error: ${message}\n`);
  return 1;
}
