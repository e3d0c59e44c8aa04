#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { packageRoot } from '../paths.js';
import { registerCommands } from './commands.js';
import { reportError } from './errors.js';
import { langOf } from './options.js';

const { version } = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as {
  version: string;
};

const program = new Command('opsradar')
  .version(version)
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

await registerCommands(program, process.argv.slice(2));

try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.exitCode = reportError(error, langOf(program));
}
