import fs from 'node:fs';
import path from 'node:path';
import { resourcesDir } from '../paths.js';

export type ColumnKind = 'text' | 'date' | 'number' | 'quantity';
export type SheetPurpose = 'submission' | 'contact' | 'breed' | 'animal' | 'sample';

/** One column of the IMAGE Excel template, as resources/template/columns.json describes it. */
export interface TemplateColumn {
  header: string;
  /** The Animal/Sample/Breed property the column fills. */
  field?: string;
  /** The IMAGE ruleset attribute the column becomes; validation messages name it. */
  imageAttribute?: string;
  kind: ColumnKind;
  requiredInFile?: boolean;
  mandatory?: boolean;
  /** A value list (see value-lists.ts) offered as a dropdown. */
  values?: string;
}

export interface TemplateSheet {
  name: string;
  purpose: SheetPurpose;
  columns: TemplateColumn[];
}

let cached: TemplateSheet[] | undefined;

/** The template's sheets in the order of columns.json. */
export function templateSheets(): TemplateSheet[] {
  cached ??= (JSON.parse(fs.readFileSync(path.join(resourcesDir, 'template', 'columns.json'), 'utf8')) as { sheets: TemplateSheet[] }).sheets;
  return cached;
}

export function templateSheet(purpose: SheetPurpose): TemplateSheet {
  const sheet = templateSheets().find((s) => s.purpose === purpose);
  if (!sheet) throw new Error(`resources/template/columns.json has no '${purpose}' sheet`);
  return sheet;
}

