import type { Command } from 'commander';
import { classifyDefinition } from './classify-definitions.js';

/** Registers `classify email|health`; each command's module loads when it runs (see classify-definitions.ts). */
export function registerClassify(program: Command): void {
  classifyDefinition(program, 'email').action(async (file: string, _options: unknown, cmd: Command) =>
    (await import('./classify-email.js')).classifyEmailAction(file, cmd),
  );
  classifyDefinition(program, 'health').action(async (file: string, _options: unknown, cmd: Command) =>
    (await import('./classify-health.js')).classifyHealthAction(file, cmd),
  );
}
