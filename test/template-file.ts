import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { resourcesDir } from '../core/paths.js';

/** Builds IMAGE template workbooks in tests (the reference files are never copied into the repository). */

const spec = JSON.parse(fs.readFileSync(path.join(resourcesDir, 'template', 'columns.json'), 'utf8')) as {
  sheets: { name: string; columns: { header: string }[] }[];
};
const headersOf = (sheet: string): string[] => spec.sheets.find((s) => s.name === sheet)!.columns.map((c) => c.header);

export type Cells = Record<string, ExcelJS.CellValue>;

export interface TemplateContent {
  breed?: Cells[];
  animal: Cells[];
  sample: Cells[];
}

export const pigAnimal = (name: string, over: Cells = {}): Cells => ({
  'Animal id in data source': name, Breed: 'Large White', Species: 'Pig', Sex: 'female',
  'Birth location accuracy': 'missing geographic information', ...over,
});

export const pigSample = (name: string, animal: string, over: Cells = {}): Cells => ({
  'Sample id in data source': name, 'Animal id in data source': animal, 'Organism part': 'semen', 'Collection date': '2020-01-02',
  'Collection place accuracy': 'missing geographic information', ...over,
});

/** A small valid template: two pigs (one the other's mother) and a sample of each. */
export const twoPigs: TemplateContent = {
  breed: [{ 'Supplied breed': 'Large White', 'EFABIS Breed country': 'Italy', Species: 'Pig' }],
  animal: [pigAnimal('piglet', { 'Mother id in data source': 'sow' }), pigAnimal('sow')],
  sample: [pigSample('s1', 'piglet'), pigSample('s2', 'sow')],
};

/** An xlsx with the template's breed, animal and sample sheets (every column), in memory. */
export async function templateWorkbook(content: TemplateContent): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  for (const name of ['breed', 'animal', 'sample'] as const) {
    const header = headersOf(name);
    const sheet = book.addWorksheet(name);
    sheet.addRow(header);
    for (const cells of content[name] ?? []) sheet.addRow(header.map((h) => cells[h] ?? null));
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

/**
 * A large template written with the streaming writer: `animals` animals and `samplesPerAnimal`
 * samples each, for crash and performance tests.
 */
export async function writeLargeTemplate(file: string, animals: number, samplesPerAnimal: number): Promise<void> {
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true });
  const breed = book.addWorksheet('breed');
  breed.addRow(headersOf('breed')).commit();
  breed.addRow(row('breed', { 'Supplied breed': 'Large White', 'EFABIS Breed country': 'Italy', Species: 'Pig' })).commit();
  breed.commit();
  const animal = book.addWorksheet('animal');
  animal.addRow(headersOf('animal')).commit();
  for (let i = 0; i < animals; i++) {
    const parents = i >= 2 ? { 'Father id in data source': `A${i - 2}`, 'Mother id in data source': `A${i - 1}` } : {};
    animal.addRow(row('animal', pigAnimal(`A${i}`, { Sex: i % 2 ? 'male' : 'female', 'Birth date': '2019-01-01', ...parents }))).commit();
  }
  animal.commit();
  const sample = book.addWorksheet('sample');
  sample.addRow(headersOf('sample')).commit();
  for (let i = 0; i < animals * samplesPerAnimal; i++) {
    sample.addRow(row('sample', pigSample(`S${i}`, `A${i % animals}`, { 'Animal age at collection': '2 years' }))).commit();
  }
  sample.commit();
  await book.commit();
}

const row = (sheet: string, cells: Cells): ExcelJS.CellValue[] => headersOf(sheet).map((h) => cells[h] ?? null);
