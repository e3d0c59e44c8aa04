import ExcelJS from 'exceljs';

/** A table to export: header labels and rows of plain cell text (already localized). */
export interface ExportTable {
  sheetName: string;
  /** `wrap`: long text shown on several lines in the cell (XLSX). */
  columns: Array<{ key: string; label: string; width?: number; wrap?: boolean }>;
  rows: Array<Record<string, string | null | undefined>>;
}

/**
 * Cells that start with these are run as formulas by Excel and LibreOffice (CSV injection);
 * a leading apostrophe keeps them text.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

function csvCell(value: string | null | undefined): string {
  let text = value ?? '';
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** CSV (RFC 4180, CRLF) with a UTF-8 byte order mark so Excel opens Japanese text correctly. */
export function toCsv(table: ExportTable): string {
  const lines = [table.columns.map((c) => csvCell(c.label)).join(',')];
  for (const row of table.rows) lines.push(table.columns.map((c) => csvCell(row[c.key])).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export async function toXlsx(table: ExportTable): Promise<ArrayBuffer> {
  return toXlsxWorkbook([table]);
}

/** One workbook, one sheet per table (header row frozen, filter on, widths and wrapping as given). */
export async function toXlsxWorkbook(tables: readonly ExportTable[]): Promise<ArrayBuffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'opsradar';
  for (const table of tables) {
    // Excel limits sheet names to 31 characters and forbids a few symbols.
    const sheet = workbook.addWorksheet(table.sheetName.replace(/[\\/?*[\]:]/g, ' ').slice(0, 31), {
      views: [{ state: 'frozen', ySplit: 1 }],
    });
    sheet.columns = table.columns.map((c) => ({
      header: c.label,
      key: c.key,
      width: c.width ?? 18,
      ...(c.wrap ? { style: { alignment: { wrapText: true, vertical: 'top' as const } } } : {}),
    }));
    sheet.getRow(1).font = { bold: true };
    for (const row of table.rows) {
      const values: Record<string, string> = {};
      for (const c of table.columns) values[c.key] = row[c.key] ?? '';
      sheet.addRow(values);
    }
    sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: table.columns.length } };
  }
  const buffer = await workbook.xlsx.writeBuffer();
  // Copied out: a Node Buffer may be a view into a shared pool.
  return Uint8Array.from(buffer as unknown as ArrayLike<number>).buffer;
}
