import type { Alignment, Fill, Font, Style } from 'exceljs';
import type { TemplateColumn } from './template-columns.js';

/** Excel's "Bad" and "Neutral" cell colours, which curators already read as error and warning. */
export const ERROR_FILL_COLOR = 'FFFFC7CE';
export const WARNING_FILL_COLOR = 'FFFFEB9C';
export const MANDATORY_HEADER_COLOR = 'FFC00000';
export const OPTIONAL_HEADER_COLOR = 'FFD9E1F2';

/** Excel's Text format: ids such as 0012 or 1-2 and partial dates are kept as typed. */
export const TEXT_FORMAT = '@';

const solid = (argb: string): Fill => ({ type: 'pattern', pattern: 'solid', fgColor: { argb } });

export const ERROR_FILL = solid(ERROR_FILL_COLOR);
export const WARNING_FILL = solid(WARNING_FILL_COLOR);

const headerAlignment: Partial<Alignment> = { vertical: 'middle', wrapText: true };

export const MANDATORY_HEADER_STYLE: Partial<Style> = {
  font: { bold: true, color: { argb: 'FFFFFFFF' } },
  fill: solid(MANDATORY_HEADER_COLOR),
  alignment: headerAlignment,
  numFmt: TEXT_FORMAT,
};

export const OPTIONAL_HEADER_STYLE: Partial<Style> = {
  font: { bold: true, color: { argb: 'FF000000' } },
  fill: solid(OPTIONAL_HEADER_COLOR),
  alignment: headerAlignment,
  numFmt: TEXT_FORMAT,
};

export const headerStyle = (column: TemplateColumn): Partial<Style> =>
  column.mandatory ? MANDATORY_HEADER_STYLE : OPTIONAL_HEADER_STYLE;

/** Coordinates stay numbers; everything else is text so Excel does not turn ids and dates into numbers. */
export const dataStyle = (column: TemplateColumn): Partial<Style> =>
  column.kind === 'number' ? {} : { numFmt: TEXT_FORMAT };

export function annotatedStyle(column: TemplateColumn, level: 'error' | 'warning'): Partial<Style> {
  return { ...dataStyle(column), fill: level === 'error' ? ERROR_FILL : WARNING_FILL };
}

export function columnWidth(column: TemplateColumn): number {
  const wide = column.values === 'storage' || column.values === 'storageProcessing' || column.kind === 'text' && column.header.includes('description');
  return Math.min(48, Math.max(wide ? 36 : 14, column.header.length + 4));
}

export const TITLE_FONT: Partial<Font> = { bold: true, size: 14 };
export const SECTION_FONT: Partial<Font> = { bold: true, size: 12 };
