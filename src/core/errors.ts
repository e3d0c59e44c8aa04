import type { Lang } from './types.js';

/**
 * An error a person can act on: the CLI prints its message alone (no stack) and the server
 * answers it as problem+json. `code` is stable and machine-readable.
 */
export class OpsradarError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = new.target.name;
  }

  /** The message in `lang`; errors raised where the language is unknown override it (English by default). */
  messageIn(_lang: Lang): string {
    return this.message;
  }
}
