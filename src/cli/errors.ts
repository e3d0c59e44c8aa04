/** An error a user can act on: printed as its message alone, without a stack. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

/** Prints an error for a person and returns the process exit code. */
export function reportError(error: unknown): number {
  if (error instanceof UserError) {
    process.stderr.write(`opsradar: ${error.message}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`opsradar: unexpected error: ${message}\n`);
  return 1;
}
