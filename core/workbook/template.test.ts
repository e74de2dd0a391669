import { describe, expect, it, beforeAll } from '@jest/globals';
import type ExcelJS from 'exceljs';
import { useTestDatabase } from '../../test/database.js';
import { writeAndRead } from './read-back.js';
import { MANDATORY_HEADER_COLOR, OPTIONAL_HEADER_COLOR, TEXT_FORMAT } from './sheet-styles.js';
import { templateSheet, templateSheets } from './template-columns.js';
import { DEFAULT_DROPDOWN_ROWS } from './template-sheet.js';
import { writeTemplate } from './template.js';

const db = useTestDatabase();

let workbook: ExcelJS.Workbook;
beforeAll(async () => {
  ({ workbook } = await writeAndRead((out) => writeTemplate(out)));
});

const headers = (ws: ExcelJS.Worksheet): string[] => (ws.getRow(1).values as unknown[]).slice(1).map(String);
const fillColor = (cell: ExcelJS.Cell): string | undefined => (cell.fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb;
const validationAt = (ws: ExcelJS.Worksheet, address: string) =>
  (ws as unknown as { dataValidations: { model: Record<string, ExcelJS.DataValidation> } }).dataValidations.model[address];

/** The values a list dropdown offers, read from the range it points at. */
function dropdownValues(ws: ExcelJS.Worksheet, address: string): string[] {
  const formula = validationAt(ws, address)?.formulae?.[0] as string;
  const [sheetName, range] = formula.split('!');
  const [from, to] = range.replace(/\$/g, '').split(':');
  const lists = workbook.getWorksheet(sheetName)!;
  const col = Number(lists.getCell(from).col);
  const out: string[] = [];
  for (let r = Number(lists.getCell(from).row); r <= Number(lists.getCell(to).row); r++) out.push(String(lists.getCell(r, col).value));
  return out;
}

describe('the empty template', () => {
  it('has the instructions, the five IMAGE sheets and a hidden lists sheet', () => {
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['instructions', 'submission', 'contact', 'breed', 'animal', 'sample', 'lists']);
    expect(workbook.getWorksheet('lists')!.state).toBe('hidden');
    expect(workbook.getWorksheet('animal')!.state).toBe('visible');
  });

  it('carries the column headers of resources/template/columns.json, in order, with a frozen header row', () => {
    for (const sheet of templateSheets()) {
      const ws = workbook.getWorksheet(sheet.name)!;
      expect(headers(ws)).toEqual(sheet.columns.map((c) => c.header));
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    }
    expect(headers(workbook.getWorksheet('sample')!)).toContain('Animal age at collection units');
  });

  it('marks mandatory headers in white on dark red and optional ones on pale blue', () => {
    const animal = workbook.getWorksheet('animal')!;
    const sex = animal.getCell('H1');
    expect(sex.value).toBe('Sex');
    expect(fillColor(sex)).toBe(MANDATORY_HEADER_COLOR);
    expect(sex.font).toMatchObject({ bold: true, color: { argb: 'FFFFFFFF' } });
    const birthDate = animal.getCell('I1');
    expect(birthDate.value).toBe('Birth date');
    expect(fillColor(birthDate)).toBe(OPTIONAL_HEADER_COLOR);
    for (const sheet of templateSheets()) {
      const ws = workbook.getWorksheet(sheet.name)!;
      sheet.columns.forEach((c, i) => expect(fillColor(ws.getRow(1).getCell(i + 1))).toBe(c.mandatory ? MANDATORY_HEADER_COLOR : OPTIONAL_HEADER_COLOR));
    }
  });

  it('explains every header in a note: mandatory or not, and what to write', () => {
    const animal = workbook.getWorksheet('animal')!;
    expect(animal.getCell('H1').note).toMatch(/^Sex: Mandatory\.\nOne of: male; female; record of unknown sex\.$/);
    expect(animal.getCell('D1').note).toContain('in any row of this sheet (above or below)');
    expect(animal.getCell('I1').note).toMatch(/Birth date: Recommended\.\nA date written YYYY-MM-DD, YYYY-MM, YYYY/);
    const sample = workbook.getWorksheet('sample')!;
    expect(sample.getCell('O1').note).toContain("its unit in the 'Animal age at collection units' column");
    for (const sheet of templateSheets()) {
      const ws = workbook.getWorksheet(sheet.name)!;
      sheet.columns.forEach((c, i) => expect(String(ws.getRow(1).getCell(i + 1).note)).toMatch(new RegExp(`^${c.header.replace(/[()]/g, '.')}.*: (Mandatory|Recommended|Optional)\\.`)));
    }
  });

  it('offers dropdowns for every limited-value column, taken from the rules and the vocabularies', () => {
    const animal = workbook.getWorksheet('animal')!;
    expect(validationAt(animal, 'H2')).toMatchObject({ type: 'list', allowBlank: true, showErrorMessage: true, errorStyle: 'stop' });
    expect(dropdownValues(animal, 'H2')).toEqual(['male', 'female', 'record of unknown sex']);
    expect(dropdownValues(animal, 'M2')).toEqual(['missing geographic information', 'country level', 'region level', 'precise coordinates', 'unknown accuracy level']);
    expect(validationAt(animal, `H${DEFAULT_DROPDOWN_ROWS}`)).toBeDefined();
    expect(validationAt(animal, 'A2')).toBeUndefined();

    const sample = workbook.getWorksheet('sample')!;
    const spec = templateSheet('sample');
    const col = (field: string) => String.fromCharCode(65 + spec.columns.findIndex((c) => c.field === field));
    expect(dropdownValues(sample, `${col('storage')}2`)).toContain('frozen, liquid nitrogen');
    expect(dropdownValues(sample, `${col('storage')}2`)).toHaveLength(12);
    expect(dropdownValues(sample, `${col('storageProcessing')}2`)).toContain('freeze dried (vaiable for reproduction)');
    expect(dropdownValues(sample, `${col('animalAgeAtCollectionUnit')}2`)).toEqual(expect.arrayContaining(['days', 'years', 'year']));
    expect(dropdownValues(sample, `${col('preparationIntervalUnit')}2`)).toEqual(expect.arrayContaining(['hours', 'minutes']));
    expect(dropdownValues(sample, `${col('organismPart')}2`)).toContain('semen');
    expect(validationAt(sample, `${col('organismPart')}2`)).toMatchObject({ errorStyle: 'information' });

    const breed = workbook.getWorksheet('breed')!;
    expect(dropdownValues(breed, 'F2')).toContain('Sus scrofa');
    expect(validationAt(breed, 'F2')).toMatchObject({ errorStyle: 'warning' });
    expect(dropdownValues(breed, 'E2')).toEqual(expect.arrayContaining(['Italy', 'United Kingdom']));
    expect(dropdownValues(workbook.getWorksheet('contact')!, 'F2')).toContain('submitter');
  });

  it('lists a long value list as a range of the lists sheet, never inline (Excel caps inline lists at 255 characters)', () => {
    for (const sheet of templateSheets()) {
      const ws = workbook.getWorksheet(sheet.name)!;
      sheet.columns.forEach((c, i) => {
        const v = validationAt(ws, `${String.fromCharCode(65 + i)}2`);
        if (c.values) expect(v?.formulae?.[0]).toMatch(/^lists!\$[A-Z]+\$2:\$[A-Z]+\$\d+$/);
        else expect(v).toBeUndefined();
      });
    }
  });

  it('formats data cells as text, except coordinates, so ids and dates are not turned into numbers', () => {
    for (const sheet of templateSheets()) {
      const ws = workbook.getWorksheet(sheet.name)!;
      sheet.columns.forEach((c, i) => {
        const cell = ws.getRow(2).getCell(i + 1);
        if (c.kind === 'number') expect(cell.numFmt).not.toBe(TEXT_FORMAT);
        else expect(cell.numFmt).toBe(TEXT_FORMAT);
        expect(ws.getColumn(i + 1).width).toBeGreaterThanOrEqual(14);
      });
    }
  });

  it('holds no data rows', () => {
    for (const sheet of templateSheets()) expect(workbook.getWorksheet(sheet.name)!.actualRowCount).toBe(1);
  });

  it('explains how to fill it: sheets, dates, quantities, parents, the header marks, and every column', () => {
    const ws = workbook.getWorksheet('instructions')!;
    const text: string[] = [];
    ws.eachRow((row) => text.push((row.values as unknown[]).slice(1).filter(Boolean).join(' | ')));
    const all = text.join('\n');
    expect(all).toContain('YYYY-MM-DD');
    expect(all).toContain('"1 year"');
    expect(all).toContain('above or below');
    expect(all).toMatch(/Mandatory column \| Header in white on dark red/);
    expect(all).not.toMatch(/https?:\/\//);
    for (const sheet of templateSheets()) {
      for (const c of sheet.columns) {
        const escaped = `${sheet.name} | ${c.header} | `.replace(/[|()]/g, '\\$&');
        expect(all).toMatch(new RegExp(escaped + (c.mandatory ? 'yes' : '(no|recommended)')));
      }
    }
    expect(all).toContain('animal | Birth date | recommended | A date written YYYY-MM-DD');
    expect(all).toContain('sample | Sample storage processing | recommended | One of: cryopreservation in liquid nitrogen');
    expect(all).toContain('sample | Animal age at collection | no |');
  });

  it('offers vocabulary terms added after the last download', async () => {
    await db.ds.query(`INSERT INTO organism_parts (label, term, confidence) VALUES ('oocyte', 'CL_0000023', 'curated')`);
    await db.ds.query(`INSERT INTO organism_parts (label) VALUES ('no ontology id yet')`);
    const { workbook: fresh } = await writeAndRead((out) => writeTemplate(out));
    const sample = fresh.getWorksheet('sample')!;
    const formula = (sample as unknown as { dataValidations: { model: Record<string, ExcelJS.DataValidation> } }).dataValidations.model.L2.formulae![0] as string;
    const col = /\$([A-Z]+)\$2/.exec(formula)![1];
    const values: string[] = [];
    fresh.getWorksheet('lists')!.getColumn(col).eachCell((c) => values.push(String(c.value)));
    expect(values).toContain('oocyte');
    expect(values).not.toContain('no ontology id yet');
  });
});
