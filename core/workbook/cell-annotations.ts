import type { ValidationMessage } from '../db/entities/validation-result.js';
import type { TemplateSheet } from './template-columns.js';
import type { CellAnnotation, RowValue } from './template-sheet.js';

const present = (v: RowValue): boolean => v !== null && v !== undefined && v !== '';

/**
 * Which cells of a record's row each validation message belongs to, keyed by column index. A message
 * lands on the column(s) of its IMAGE attribute (columns.json `imageAttribute`); one whose attribute
 * has no column in the sheet ("Person email", a sample's "Species") lands on the row's id cell.
 */
export function annotateRow(sheet: TemplateSheet, values: RowValue[], messages: readonly ValidationMessage[]): Map<number, CellAnnotation> {
  const cells = new Map<number, CellAnnotation>();
  const idColumn = Math.max(0, sheet.columns.findIndex((c) => c.field === 'name'));
  for (const m of messages) {
    const targets = targetColumns(sheet, values, m);
    const line = describe(m, targets.length === 0);
    for (const i of targets.length ? targets : [idColumn]) {
      const cell = cells.get(i);
      if (!cell) cells.set(i, { level: m.level, lines: [line] });
      else {
        cell.lines.push(line);
        if (m.level === 'error') cell.level = 'error';
      }
    }
  }
  return cells;
}

/**
 * When several columns share the attribute (father and mother are both "Child of"; a quantity and its
 * units column), the message goes to the ones whose value it quotes, to the units column when it is
 * about a unit, else to every filled one (else the first).
 */
function targetColumns(sheet: TemplateSheet, values: RowValue[], m: ValidationMessage): number[] {
  const field = (m.field ?? '').toLowerCase();
  const candidates = sheet.columns.flatMap((c, i) => (c.imageAttribute?.toLowerCase() === field ? [i] : []));
  if (candidates.length <= 1) return candidates;
  const text = m.message ?? '';
  const chosen = new Set(candidates.filter((i) => present(values[i]) && text.includes(`'${String(values[i])}'`)));
  if (/\bunits?\b/i.test(text)) candidates.filter((i) => sheet.columns[i].field?.endsWith('Unit')).forEach((i) => chosen.add(i));
  if (chosen.size) return [...chosen].sort((a, b) => a - b);
  const filled = candidates.filter((i) => present(values[i]));
  return filled.length ? filled : [candidates[0]];
}

function describe(m: ValidationMessage, offColumn: boolean): string {
  const level = m.level === 'error' ? 'Error' : 'Warning';
  const text = m.message ?? '';
  const field = offColumn && m.field && !text.includes(m.field) ? ` (${m.field})` : '';
  return `${level}${field}: ${text}`;
}
