import type { Command } from 'commander';
import { topCommand } from './options.js';

/**
 * `classify email` and `classify health`: their names, help and arguments, with nothing heavy
 * imported; the mail parser, the catalog and the Health model load only when a command runs, so
 * `opsradar classify --help` starts at once.
 */
const CLASSIFY = {
  email: {
    description:
      'print as JSON what one email becomes (kind, sender trust, account, region, resources, dates), without storing it / メール 1 通の分類結果を保存せずに JSON で表示します',
    file: 'an .eml file, or - for standard input',
  },
  health: {
    description:
      'classify an AWS Health event (EventBridge, DescribeEvents / DescribeEventDetails, or SNS) as JSON / AWS Health イベントの分類結果を JSON で表示します',
    file: 'JSON file, or - for stdin',
  },
} as const;

/** `classify email|health <file>`: both read one file (or standard input) and print JSON. */
export function classifyDefinition(program: Command, name: keyof typeof CLASSIFY): Command {
  const { description, file } = CLASSIFY[name];
  return topCommand(program, 'classify').command(name).description(description).argument('<file>', file);
}
