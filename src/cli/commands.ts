import type { Command } from 'commander';

/** One function per command file; keep this list sorted by command name. */
const registrations: Array<(program: Command) => void> = [];

export function registerCommands(program: Command): void {
  for (const register of registrations) register(program);
}
