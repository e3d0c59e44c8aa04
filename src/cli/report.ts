import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { isAccountId } from '../aws/arn.js';
import { defaultCatalog } from '../catalog/index.js';
import { scanMessages } from '../i18n/messages/scan.js';
import { workItemMessages as m } from '../i18n/messages/workitems.js';
import { collectOpsDesign } from '../report/ops-design-collect.js';
import {
  OPS_DESIGN_FORMATS,
  type OpsDesignFormat,
  opsDesignCsv,
  opsDesignHtml,
  opsDesignMarkdown,
  opsDesignXlsx,
} from '../report/ops-design-render.js';
import { UserError } from './errors.js';
import { type GlobalOptions, langOf, topCommand } from './options.js';
import {
  formatLocal,
  processIo,
  refreshWorkItems,
  resolveTimeZone,
  type WorkItemIo,
  withStore,
} from './workflow.js';

interface OpsDesignOptions {
  format: string;
  account?: string[];
  tz?: string;
  output?: string;
}

/** Where the report goes: text to stdout, or any format to `--output`; binary XLSX needs a file or a pipe. */
export interface ReportIo extends WorkItemIo {
  write(bytes: Uint8Array): void;
}

const processReportIo: ReportIo = { ...processIo, write: (bytes) => process.stdout.write(bytes) };

export function registerReport(program: Command, io: ReportIo = processReportIo): void {
  topCommand(program, 'report')
    .command('ops-design')
    .description(
      'the operations-design register: one row per event kind that applies here (md, html, csv, xlsx) / 運用設計の一覧表',
    )
    .option('--format <format>', `one of ${OPS_DESIGN_FORMATS.join(', ')}`, 'md')
    .option('--account <id...>', 'only these accounts (default: every account seen)')
    .option('--tz <zone>', 'time zone for dates shown')
    .option('--output <file>', 'write to this file instead of stdout')
    .action(async (opts: OpsDesignOptions, cmd: Command) => {
      const lang = langOf(cmd);
      if (!(OPS_DESIGN_FORMATS as readonly string[]).includes(opts.format))
        throw new UserError(
          m(lang, 'error.choice', {
            option: '--format',
            value: opts.format,
            allowed: OPS_DESIGN_FORMATS.join(', '),
          }),
          'USAGE',
          2,
        );
      const accounts = opts.account ?? [];
      const bad = accounts.find((a) => !isAccountId(a));
      if (bad) throw new UserError(scanMessages(lang, 'error.account', { id: bad }), 'USAGE', 2);
      const tz = resolveTimeZone(lang, opts.tz);
      const now = io.now();
      const globals = cmd.optsWithGlobals<GlobalOptions>();
      const catalog = defaultCatalog({ configPath: globals.config });
      const { design, accounts: shown } = await withStore(cmd, async (store) => {
        await refreshWorkItems(store, { configPath: globals.config, now, catalog });
        return collectOpsDesign(store, catalog, {
          accounts,
          lang,
          now,
          formatDate: (iso) => formatLocal(iso, tz).slice(0, 10),
        });
      });
      const ctx = { lang, generatedAt: formatLocal(now.toISOString(), tz), accounts: shown, timeZone: tz };
      const format = opts.format as OpsDesignFormat;
      const bytes =
        format === 'xlsx'
          ? new Uint8Array(await opsDesignXlsx(design, lang))
          : Buffer.from(
              format === 'csv'
                ? opsDesignCsv(design, lang)
                : format === 'html'
                  ? opsDesignHtml(design, ctx)
                  : opsDesignMarkdown(design, ctx),
              'utf8',
            );
      if (opts.output) writeFileSync(opts.output, bytes);
      else io.write(bytes);
    });
}
