import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { commandLoaders, commandNamed, registerCommands } from '../src/cli/commands.js';

describe('lazy CLI command loading', () => {
  it('finds the command after global options, and the one `help` is asked about', () => {
    // Assess
    expect(commandNamed(['--lang', 'ja', '--db', 'x.db', 'list', '--all'])).toBe('list');
    expect(commandNamed(['help', 'catalog'])).toBe('catalog');
    expect(commandNamed(['--help'])).toBeUndefined();
  });

  it('lists in --help every command the modules register, with their own description', async () => {
    // Prepare
    const real = new Command('opsradar');
    for (const load of new Set(Object.values(commandLoaders))) {
      for (const register of await load()) register(real);
    }
    const help = new Command('opsradar');
    // Act
    await registerCommands(help, ['--help']);
    // Assess
    const describe = (p: Command) =>
      Object.fromEntries(
        p.commands
          .map((c) => [c.name(), c.description()])
          .sort((x, y) => String(x[0]).localeCompare(String(y[0]))),
      );
    expect(describe(help)).toEqual(describe(real));
  });

  it('registers only the command being run', async () => {
    // Prepare
    const program = new Command('opsradar');
    // Act
    await registerCommands(program, ['catalog', 'list']);
    // Assess
    expect(program.commands.map((c) => c.name())).toEqual(['catalog']);
    expect(program.commands[0]?.commands.map((c) => c.name())).toContain('unmapped');
  });
});
