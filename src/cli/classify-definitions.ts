import type { Command } from 'commander';
import { commandGroup } from './options.js';

/**
 * `classify email` and `classify health`: their names, help and arguments, with nothing heavy
 * imported; the mail parser, the catalog and the Health model load only when a command runs, so
 * `opsradar classify --help` starts at once.
 */
export function classifyEmailDefinition(program: Command): Command {
  return commandGroup(program, 'classify')
    .command('email')
    .description(
      'print as JSON what one email becomes (kind, sender trust, account, region, resources, dates), without storing it / メール 1 通の分類結果を保存せずに JSON で表示します',
    )
    .argument('<file>', 'an .eml file, or - for standard input');
}

export function classifyHealthDefinition(program: Command): Command {
  return commandGroup(program, 'classify')
    .command('health')
    .description(
      'classify an AWS Health event (EventBridge, DescribeEvents / DescribeEventDetails, or SNS) as JSON / AWS Health イベントの分類結果を JSON で表示します',
    )
    .argument('<file>', 'JSON file, or - for stdin');
}
