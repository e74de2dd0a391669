import type { DatasourceType } from '../db/entities/enums.js';
import type { ImportSink, ParseContext } from './rows.js';

/** Reads a file and tells the sink what it holds, in file order. */
export type Parser = (path: string, ctx: ParseContext, sink: ImportSink) => Promise<void>;

/** The parser of each data source type, loaded on first use (ExcelJS is heavy, and only the worker needs it). */
export async function parserFor(type: DatasourceType): Promise<Parser> {
  switch (type) {
    case 'template':
      return (await import('./excel-template.js')).parseExcelTemplate;
    case 'crbanim':
      return (await import('./crbanim.js')).parseCrbAnim;
    case 'cryoweb':
      return (await import('./cryoweb.js')).parseCryoWeb;
  }
}

/** How problems name where a row is, per data source: a sheet, the CSV file, a dump's table. */
export const PLACE_WORD: Record<DatasourceType, string> = {
  template: 'Sheet',
  crbanim: 'File',
  cryoweb: 'Table',
};
