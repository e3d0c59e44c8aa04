#!/usr/bin/env node
import { Command } from 'commander';
import { registerCommands } from './commands.js';
import { reportError } from './errors.js';

const program = new Command('opsradar')
  .description(
    'AWS operational events, found ahead of time and tracked to done / AWS 運用イベントを先回りで検知し、完了まで追跡します',
  )
  .option('--lang <lang>', 'ja or en (default: from the locale)')
  .option(
    '--db <pathOrUrl>',
    'SQLite file path or postgres:// URL (default: the embedded SQLite file; env OPSRADAR_DATABASE_URL)',
  )
  .option('--config <file>', 'config file (default: ~/.config/opsradar/config.yaml when present)')
  .showHelpAfterError();

registerCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.exitCode = reportError(error);
}
