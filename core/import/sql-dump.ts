/**
 * Reads a `pg_dump --data-only` file line by line and hands over the rows of its INSERT statements
 * and COPY blocks. The SQL is never executed: only the statements pg_dump writes around data are
 * accepted, and anything else stops the import with its line number.
 */
import readline from 'node:readline';
import type { Readable } from 'node:stream';
import { UnreadableFileError } from './rows.js';
import { SqlSyntaxError, copyField, parseCatalogSelect, parseCopyHeader, parseInsert, type SqlValue } from './sql-literals.js';

export type DumpRowHandler = (table: string, columns: readonly string[] | null, values: SqlValue[], line: number) => void;

const MAX_STATEMENT_CHARS = 16 * 1024 * 1024;
const SET_STATEMENT = /^SET\s+(?:SESSION\s+|LOCAL\s+)?([A-Za-z_][\w.]*)\s*(?:=|\s+TO\s+)\s*([^;]*);$/i;
const PSQL_RESTRICT = /^\\(?:un)?restrict\s+[A-Za-z0-9]+$/;
const FIRST_WORD = /^[A-Za-z\\]+/;

function hint(statement: string): string {
  if (/^(CREATE|DROP)\b/i.test(statement)) return ' The dump holds the schema too: make it with pg_dump --data-only.';
  if (/^ALTER\s+TABLE\b.*\bTRIGGER\s+ALL\b/i.test(statement)) return ' Make the dump without --disable-triggers.';
  return '';
}

class DumpReader {
  private standardStrings = true;
  /** An INSERT spanning lines (a string value holding line breaks). */
  private pending: { text: string; line: number } | null = null;
  private copy: { table: string; columns: string[] | null; line: number; wanted: boolean } | null = null;

  constructor(
    private readonly fileName: string,
    private readonly wanted: ReadonlySet<string>,
    private readonly onRow: DumpRowHandler,
  ) {}

  private refuse(line: number, text: string): never {
    const start = text.length > 60 ? `${text.slice(0, 60)}…` : text;
    throw new UnreadableFileError(
      `'${this.fileName}' is not a data-only dump InjectTool accepts: line ${line} is '${start}'. Only INSERT and COPY data, SET, SELECT pg_catalog.set_config or setval, \\restrict lines and comments may appear; the SQL is never run.${hint(text)}`,
      [{ level: 'error', row: line, value: start, message: `Line ${line}: '${start}' is not allowed in a data-only dump` }],
    );
  }

  private syntax(line: number, text: string, error: SqlSyntaxError): never {
    const lineOfError = line + (text.slice(0, error.offset).match(/\n/g)?.length ?? 0);
    throw new UnreadableFileError(
      `'${this.fileName}', line ${lineOfError}: ${error.message}. Only literal values are accepted in a dump.`,
      [{ level: 'error', row: lineOfError, message: `Line ${lineOfError}: ${error.message}` }],
    );
  }

  private insert(text: string, line: number): void {
    let statement;
    try {
      statement = parseInsert(text, this.standardStrings);
    } catch (error) {
      if (error instanceof SqlSyntaxError) this.syntax(line, text, error);
      throw error;
    }
    if (!statement) {
      if (text.length > MAX_STATEMENT_CHARS) this.syntax(line, text, new SqlSyntaxError('the INSERT statement never ends', 0));
      this.pending = { text, line };
      return;
    }
    this.pending = null;
    if (!this.wanted.has(statement.table)) return;
    for (const values of statement.rows) this.onRow(statement.table, statement.columns, values, line);
  }

  private copyLine(text: string, line: number): void {
    const copy = this.copy!;
    if (text === '\\.') {
      this.copy = null;
      return;
    }
    if (copy.wanted) this.onRow(copy.table, copy.columns, text.split('\t').map(copyField), line);
  }

  private set(statement: string, line: number): void {
    const m = SET_STATEMENT.exec(statement);
    if (!m) this.refuse(line, statement);
    if (m[1].toLowerCase() === 'standard_conforming_strings') this.standardStrings = !/^'?off'?$/i.test(m[2].trim());
  }

  line(raw: string, line: number): void {
    if (this.copy) return this.copyLine(raw.endsWith('\r') ? raw.slice(0, -1) : raw, line);
    if (this.pending) return this.insert(`${this.pending.text}\n${raw}`, this.pending.line);
    const text = raw.trim();
    if (text === '' || text.startsWith('--')) return;
    const word = FIRST_WORD.exec(text)?.[0].toUpperCase();
    try {
      switch (word) {
        case 'INSERT': return this.insert(text, line);
        case 'SET': return this.set(text, line);
        case 'SELECT': return parseCatalogSelect(text);
        case 'COPY': {
          const { table, columns } = parseCopyHeader(text);
          this.copy = { table, columns, line, wanted: this.wanted.has(table) };
          return;
        }
        case '\\RESTRICT': case '\\UNRESTRICT':
          if (PSQL_RESTRICT.test(text)) return;
      }
    } catch (error) {
      if (error instanceof SqlSyntaxError) this.syntax(line, text, error);
      throw error;
    }
    this.refuse(line, text);
  }

  finish(): void {
    if (this.copy) {
      throw new UnreadableFileError(`'${this.fileName}' ends inside the COPY block of '${this.copy.table}' that starts at line ${this.copy.line} (its closing \\. line is missing): the file is truncated.`);
    }
    if (this.pending) {
      throw new UnreadableFileError(`'${this.fileName}' ends inside the INSERT statement that starts at line ${this.pending.line}: the file is truncated.`);
    }
  }
}

/**
 * Reads the dump in `text` and calls `onRow` for each row of a table in `wanted` (columns are null
 * for an INSERT without a column list). Throws UnreadableFileError at the first statement that is
 * not plain data.
 */
export async function readDataDump(text: Readable, fileName: string, wanted: ReadonlySet<string>, onRow: DumpRowHandler): Promise<void> {
  const reader = new DumpReader(fileName, wanted, onRow);
  const lines = readline.createInterface({ input: text, crlfDelay: Infinity });
  let line = 0;
  try {
    for await (const raw of lines) {
      line++;
      reader.line(line === 1 && raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw, line);
    }
  } finally {
    lines.close();
    text.destroy();
  }
  reader.finish();
}
