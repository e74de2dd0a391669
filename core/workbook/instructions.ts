import type { Style } from 'exceljs';
import { columnAdvice, columnRequirement } from './column-help.js';
import {
  ERROR_FILL, MANDATORY_HEADER_STYLE, OPTIONAL_HEADER_STYLE, SECTION_FONT, TITLE_FONT, WARNING_FILL,
} from './sheet-styles.js';
import { templateSheets } from './template-columns.js';
import type { ValueLists } from './value-lists.js';
import type { WorkbookWriter } from './workbook-stream.js';

export const INSTRUCTIONS_SHEET = 'instructions';

type Line = [text: string, style?: Partial<Style>, explanation?: string];

const GENERAL: string[] = [
  'Fill one row per record in the sheets breed, animal and sample. Row 1 holds the column names: do not rename, move or delete them.',
  'Every header has a note (point at it) saying what to write and which values are allowed.',
  'Columns with a dropdown take the values of the list: pick one, or type it exactly as listed.',
  'Cells are formatted as text, so ids such as 0012 and dates keep the form you type. Type or paste values (Paste Special > Values), not formulas.',
];

const SHEETS: string[] = [
  "breed: one row per breed, as your data source names it, with its EFABIS country and its species. The three together identify the breed.",
  "animal: one row per animal. Its Breed and Species must match a row of sheet 'breed'.",
  "Parents: 'Father id in data source' and 'Mother id in data source' hold the 'Animal id in data source' of the parents. Parents may be in any row, above or below their offspring.",
  "sample: one row per sample. 'Animal id in data source' names the animal (sheet 'animal') the sample was taken from.",
  'submission and contact: optional. The title, gene bank and country come from the form you fill in InjectTool, the person and organisation from your profile; when these sheets are filled, InjectTool compares them and warns where they differ.',
  'lists (hidden): the values of the dropdowns. Leave it as it is.',
];

const FORMATS: string[] = [
  'Dates: YYYY-MM-DD (2019-06-02), YYYY-MM (2019-06) or YYYY (2019). A cell that Excel already holds as a date is read too.',
  "Ages and intervals ('Animal age at collection', 'Sampling to preparation interval'): a number, with its unit in the units column beside it; or text such as \"1 year\" or \"7 days\" in the first column.",
  'Coordinates (latitude, longitude): numbers in decimal degrees, e.g. 45.4642 and 9.19.',
  'Species: the scientific name (Sus scrofa) or a common name InjectTool knows (Pig).',
];

/**
 * The `instructions` sheet: how to fill each sheet, formats, the legend of the header marks (and of
 * the error and warning colours in an annotated workbook), then every column with its advice.
 */
export function writeInstructionsSheet(workbook: WorkbookWriter, lists: ValueLists, options: { annotated?: boolean } = {}): void {
  const ws = workbook.addWorksheet(INSTRUCTIONS_SHEET);
  ws.columns = [{ width: 34 }, { width: 34 }, { width: 14 }, { width: 110 }];
  let n = 0;
  const write = (cells: (string | undefined)[], styles: (Partial<Style> | undefined)[] = []) => {
    const row = ws.getRow(++n);
    cells.forEach((text, i) => {
      if (text === undefined) return;
      const cell = row.getCell(i + 1);
      cell.value = text;
      if (styles[i]) cell.style = styles[i]!;
    });
    row.commit();
  };
  const section = (title: string, lines: string[]) => {
    write([]);
    write([title], [{ font: SECTION_FONT }]);
    lines.forEach((l) => write([l]));
  };

  write(['The IMAGE sample template'], [{ font: TITLE_FONT }]);
  section('How to fill it', GENERAL);
  section('The sheets', SHEETS);
  section('Formats', FORMATS);
  write([]);
  write(['Legend'], [{ font: SECTION_FONT }]);
  for (const [text, style, explanation] of legend(options.annotated)) write([text, explanation], [style]);
  write([]);
  write(['Columns'], [{ font: SECTION_FONT }]);
  write(['Sheet', 'Column', 'Mandatory', 'What to write'], Array(4).fill({ font: { bold: true } }));
  for (const sheet of templateSheets()) {
    for (const column of sheet.columns) {
      const requirement = columnRequirement(sheet.purpose, column);
      write([sheet.name, column.header, requirement === 'mandatory' ? 'yes' : requirement === 'recommended' ? 'recommended' : 'no', columnAdvice(sheet, column, lists).join(' ')],
        [undefined, column.mandatory ? MANDATORY_HEADER_STYLE : OPTIONAL_HEADER_STYLE]);
    }
  }
  ws.commit();
}

function legend(annotated = false): Line[] {
  const lines: Line[] = [
    ['Mandatory column', MANDATORY_HEADER_STYLE, 'Header in white on dark red: fill this column in every row.'],
    ['Optional column', OPTIONAL_HEADER_STYLE, 'Header in black on pale blue: fill it when you know the value (the note says when IMAGE recommends it).'],
  ];
  const colours: Line[] = [
    ['Error', { fill: ERROR_FILL }, 'Validation found an error in this cell; its note lists the messages. The record cannot be submitted until it is fixed.'],
    ['Warning', { fill: WARNING_FILL }, 'Validation found something to check in this cell; its note lists the messages. The record can still be submitted.'],
  ];
  if (!annotated) return lines;
  return [...lines, ...colours, ['failing rows', undefined, "The sheet 'failing rows' lists every record with a problem: sheet, row, field and message."]];
}
