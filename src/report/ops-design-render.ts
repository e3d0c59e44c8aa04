import type { Lang } from '../core/types.js';
import { reportMessages as m } from '../i18n/messages/report.js';
import { type ExportTable, toCsv, toXlsxWorkbook } from '../server/export.js';
import { OPS_DESIGN_COLUMNS, type OpsDesign, type OpsDesignColumn } from './ops-design.js';

export const OPS_DESIGN_FORMATS = ['md', 'html', 'csv', 'xlsx'] as const;
export type OpsDesignFormat = (typeof OPS_DESIGN_FORMATS)[number];

export interface RenderContext {
  lang: Lang;
  /** The subtitle facts: when, for which accounts, in which zone. */
  generatedAt: string;
  accounts: readonly string[];
  timeZone: string;
}

/** Column widths in characters (XLSX) and relative widths (HTML): long text gets room. */
const WIDTHS: Record<OpsDesignColumn, number> = {
  service: 12,
  event: 24,
  category: 11,
  work: 60,
  schedule: 22,
  resources: 48,
  channels: 20,
  owner: 14,
  avoid: 48,
  references: 48,
};

function tables(design: OpsDesign, lang: Lang): [ExportTable, ExportTable] {
  return [
    {
      sheetName: m(lang, 'sheet'),
      columns: OPS_DESIGN_COLUMNS.map((key) => ({
        key,
        label: m(lang, `column.${key}`),
        width: WIDTHS[key],
        wrap: true,
      })),
      rows: design.rows.map((row) => row.cells),
    },
    {
      sheetName: m(lang, 'sheetNotApplicable'),
      columns: [
        { key: 'kind', label: 'ID', width: 28 },
        { key: 'event', label: m(lang, 'notApplicable.kind'), width: 40, wrap: true },
        { key: 'reason', label: m(lang, 'notApplicable.reason'), width: 90, wrap: true },
      ],
      rows: design.notApplicable.map((n) => ({ kind: n.kind, event: n.event, reason: n.reason })),
    },
  ];
}

/** CSV (UTF-8 with BOM, for Excel): the register, a blank line, then the kinds that do not apply. */
export function opsDesignCsv(design: OpsDesign, lang: Lang): string {
  const [register, apart] = tables(design, lang);
  return `${toCsv(register)}\r\n${toCsv(apart).replace(/^\uFEFF/, '')}`;
}

export function opsDesignXlsx(design: OpsDesign, lang: Lang): Promise<ArrayBuffer> {
  return toXlsxWorkbook(tables(design, lang));
}

function mdCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

export function opsDesignMarkdown(design: OpsDesign, ctx: RenderContext): string {
  const { lang } = ctx;
  const header = OPS_DESIGN_COLUMNS.map((c) => m(lang, `column.${c}`));
  const lines = [
    `# ${m(lang, 'title')}`,
    '',
    m(lang, 'subtitle', { at: ctx.generatedAt, accounts: ctx.accounts.join(', ') || '-', tz: ctx.timeZone }),
    '',
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...design.rows.map((row) => `| ${OPS_DESIGN_COLUMNS.map((c) => mdCell(row.cells[c])).join(' | ')} |`),
    '',
    `## ${m(lang, 'notApplicable.title')}`,
    '',
    `| ID | ${m(lang, 'notApplicable.kind')} | ${m(lang, 'notApplicable.reason')} |`,
    '|---|---|---|',
    ...design.notApplicable.map((n) => `| ${n.kind} | ${mdCell(n.event)} | ${mdCell(n.reason)} |`),
  ];
  return `${lines.join('\n')}\n`;
}

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Text with line breaks kept and URLs made links. */
function htmlCell(text: string): string {
  return esc(text)
    .replace(/https:\/\/[^\s<]+/g, (url) => `<a href="${url}">${url}</a>`)
    .replace(/\n/g, '<br>');
}

const STYLE = `
@page { size: A4 landscape; margin: 8mm; }
body { font-family: "Noto Sans CJK JP", "Hiragino Sans", "Yu Gothic", sans-serif; font-size: 8pt; color: #1f2937; margin: 16px; }
h1 { font-size: 14pt; margin: 0 0 4px; } h2 { font-size: 11pt; margin: 16px 0 4px; }
p.sub { color: #6b7280; margin: 0 0 8px; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
th, td { border: 1px solid #cbd5e1; padding: 3px 4px; vertical-align: top; overflow-wrap: anywhere; }
th { background: #e2e8f0; text-align: left; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
td.scheduled { border-left: 4px solid #2563eb; } td.request { border-left: 4px solid #7c3aed; }
td.emergency { border-left: 4px solid #dc2626; } td.expert { border-left: 4px solid #d97706; }
a { color: #1d4ed8; text-decoration: none; }
@media print { body { margin: 0; } }
`;

/** A standalone page that prints on A4 landscape, header repeated on every page. */
export function opsDesignHtml(design: OpsDesign, ctx: RenderContext): string {
  const { lang } = ctx;
  const total = OPS_DESIGN_COLUMNS.reduce((sum, c) => sum + WIDTHS[c], 0);
  const cols = OPS_DESIGN_COLUMNS.map(
    (c) => `<col style="width:${((WIDTHS[c] / total) * 100).toFixed(1)}%">`,
  ).join('');
  const head = OPS_DESIGN_COLUMNS.map((c) => `<th>${esc(m(lang, `column.${c}`))}</th>`).join('');
  const body = design.rows
    .map(
      (row) =>
        `<tr data-kind="${esc(row.kind)}">${OPS_DESIGN_COLUMNS.map(
          (c, i) => `<td${i === 0 ? ` class="${row.category}"` : ''}>${htmlCell(row.cells[c])}</td>`,
        ).join('')}</tr>`,
    )
    .join('\n');
  const apart = design.notApplicable
    .map(
      (n) =>
        `<tr data-kind="${esc(n.kind)}"><td>${esc(n.kind)}</td><td>${esc(n.event)}</td><td>${htmlCell(n.reason)}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><title>${esc(m(lang, 'title'))}</title><style>${STYLE}</style></head>
<body>
<h1>${esc(m(lang, 'title'))}</h1>
<p class="sub">${esc(m(lang, 'subtitle', { at: ctx.generatedAt, accounts: ctx.accounts.join(', ') || '-', tz: ctx.timeZone }))}</p>
<table class="register"><colgroup>${cols}</colgroup><thead><tr>${head}</tr></thead><tbody>
${body}
</tbody></table>
<h2>${esc(m(lang, 'notApplicable.title'))}</h2>
<table class="apart"><colgroup><col style="width:20%"><col style="width:25%"><col style="width:55%"></colgroup>
<thead><tr><th>ID</th><th>${esc(m(lang, 'notApplicable.kind'))}</th><th>${esc(m(lang, 'notApplicable.reason'))}</th></tr></thead><tbody>
${apart}
</tbody></table>
</body></html>
`;
}
