/**
 * A strict reader for the few SQL forms pg_dump writes for data: INSERT statements of literal
 * values, and the argument lists of set_config/setval. Nothing is ever executed; anything that is
 * not a plain literal (a function call, a sub-select, an operator) is a syntax error.
 */

export class SqlSyntaxError extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
  }
}

/** A literal as text (numbers and booleans as written), or null for SQL NULL. */
export type SqlValue = string | null;

export interface InsertStatement {
  table: string;
  columns: string[] | null;
  rows: SqlValue[][];
}

/** Thrown internally when the text ends inside the statement: it continues on the next line. */
class Incomplete extends Error {}

const IDENT_START = /[A-Za-z_]/;
const IDENT_PART = /[A-Za-z0-9_$]/;
const DIGIT = /[0-9]/;
const STRING_ESCAPES: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

class Cursor {
  i = 0;

  constructor(readonly text: string, readonly standardStrings: boolean) {}

  fail(message: string, at = this.i): never {
    if (at >= this.text.length) throw new Incomplete();
    throw new SqlSyntaxError(message, at);
  }

  peek(): string {
    return this.text[this.i] ?? '';
  }

  space(): void {
    const t = this.text;
    while (this.i < t.length) {
      const c = t[this.i];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') this.i++;
      else if (c === '-' && t[this.i + 1] === '-') {
        const end = t.indexOf('\n', this.i);
        this.i = end < 0 ? t.length : end;
      } else break;
    }
  }

  expect(char: string): void {
    this.space();
    if (this.text[this.i] !== char) this.fail(`expected '${char}' but found '${this.snippet()}'`);
    this.i++;
  }

  accept(char: string): boolean {
    this.space();
    if (this.text[this.i] !== char) return false;
    this.i++;
    return true;
  }

  snippet(at = this.i): string {
    return this.text.slice(at, at + 30).split('\n')[0];
  }

  /** The word at `at`, up to the next blank, comma or parenthesis. */
  token(at: number): string {
    return /^[^\s,()]*/.exec(this.text.slice(at, at + 60))![0];
  }

  /** A keyword (case-insensitive), whole word. */
  keyword(word: string): boolean {
    this.space();
    const end = this.i + word.length;
    if (this.text.slice(this.i, end).toUpperCase() !== word || IDENT_PART.test(this.text[end] ?? '')) return false;
    this.i = end;
    return true;
  }

  expectKeyword(word: string): void {
    if (!this.keyword(word)) this.fail(`expected ${word} but found '${this.snippet()}'`);
  }

  identifier(): string {
    this.space();
    const t = this.text;
    if (t[this.i] === '"') {
      let name = '';
      for (this.i++; ; ) {
        const end = t.indexOf('"', this.i);
        if (end < 0) this.fail('unterminated quoted name', t.length);
        name += t.slice(this.i, end);
        this.i = end + 1;
        if (t[this.i] !== '"') return name;
        name += '"';
        this.i++;
      }
    }
    if (!IDENT_START.test(t[this.i] ?? '')) this.fail(`expected a name but found '${this.snippet()}'`);
    const start = this.i;
    while (IDENT_PART.test(t[this.i] ?? '')) this.i++;
    return t.slice(start, this.i).toLowerCase();
  }

  /** `schema.table` or `table` → the table name. */
  tableName(): string {
    const first = this.identifier();
    return this.text[this.i] === '.' ? (this.i++, this.identifier()) : first;
  }

  private quotedString(escapes: boolean): string {
    const t = this.text;
    let out = '';
    this.i++; // opening quote
    for (;;) {
      if (this.i >= t.length) throw new Incomplete();
      const c = t[this.i];
      if (c === "'") {
        if (t[this.i + 1] === "'") {
          out += "'";
          this.i += 2;
          continue;
        }
        if (this.i + 1 >= t.length) throw new Incomplete();
        this.i++;
        return out;
      }
      if (c === '\\' && escapes) {
        out += this.escape();
        continue;
      }
      let stop = t.indexOf("'", this.i);
      if (stop < 0) throw new Incomplete();
      if (escapes) {
        const backslash = t.indexOf('\\', this.i);
        if (backslash >= 0 && backslash < stop) stop = backslash;
      }
      out += t.slice(this.i, stop);
      this.i = stop;
    }
  }

  /** A backslash escape of an E'' string (or of a plain string with standard_conforming_strings off). */
  private escape(): string {
    const t = this.text;
    const c = t[this.i + 1];
    if (c === undefined) throw new Incomplete();
    this.i += 2;
    if (STRING_ESCAPES[c]) return STRING_ESCAPES[c];
    if (/[0-7]/.test(c)) {
      let digits = c;
      while (digits.length < 3 && /[0-7]/.test(t[this.i] ?? '')) digits += t[this.i++];
      return String.fromCharCode(parseInt(digits, 8));
    }
    const hex = (max: number): string => {
      let digits = '';
      while (digits.length < max && /[0-9a-f]/i.test(t[this.i] ?? '')) digits += t[this.i++];
      if (!digits) this.fail('a \\x, \\u or \\U escape without hexadecimal digits');
      return String.fromCodePoint(parseInt(digits, 16));
    };
    if (c === 'x') return hex(2);
    if (c === 'u') return hex(4);
    if (c === 'U') return hex(8);
    return c;
  }

  private number(): string {
    const t = this.text;
    const start = this.i;
    if (t[this.i] === '-' || t[this.i] === '+') this.i++;
    const digitsFrom = this.i;
    while (DIGIT.test(t[this.i] ?? '')) this.i++;
    if (t[this.i] === '.') for (this.i++; DIGIT.test(t[this.i] ?? ''); ) this.i++;
    if (this.i === digitsFrom || (this.i === digitsFrom + 1 && t[digitsFrom] === '.')) this.fail(`'${this.token(start)}' is not a number`, start);
    if (t[this.i] === 'e' || t[this.i] === 'E') {
      this.i++;
      if (t[this.i] === '-' || t[this.i] === '+') this.i++;
      if (!DIGIT.test(t[this.i] ?? '')) this.fail(`'${this.token(start)}' is not a number`, start);
      while (DIGIT.test(t[this.i] ?? '')) this.i++;
    }
    if (IDENT_PART.test(t[this.i] ?? '')) this.fail(`'${this.token(start)}' is not a number`, start);
    return t.slice(start, this.i);
  }

  /** `::type`, possibly several words (`timestamp without time zone`), a length and array brackets. */
  private cast(): void {
    this.identifier();
    for (;;) {
      const save = this.i;
      this.space();
      if (this.text[this.i] === '"' || IDENT_START.test(this.peek())) this.identifier();
      else {
        this.i = save;
        break;
      }
    }
    if (this.accept('(')) {
      do {
        this.space();
        if (!DIGIT.test(this.peek())) this.fail(`expected a type length but found '${this.snippet()}'`);
        while (DIGIT.test(this.peek())) this.i++;
      } while (this.accept(','));
      this.expect(')');
    }
    while (this.accept('[')) this.expect(']');
  }

  /** One literal, with any casts: 'text', E'text', 12, -1.5e3, NULL, true, false, '2004-01-13'::date. */
  value(): SqlValue {
    this.space();
    const t = this.text;
    const c = t[this.i];
    let value: SqlValue;
    if (c === "'") value = this.quotedString(!this.standardStrings);
    else if ((c === 'E' || c === 'e') && t[this.i + 1] === "'") {
      this.i++;
      value = this.quotedString(true);
    } else if (c !== undefined && (DIGIT.test(c) || c === '-' || c === '+' || c === '.')) value = this.number();
    else if (this.keyword('NULL')) value = null;
    else if (this.keyword('TRUE')) value = 'true';
    else if (this.keyword('FALSE')) value = 'false';
    else this.fail(`expected a value (a number, a quoted string, NULL, true or false) but found '${this.snippet()}'`);
    while (t[this.i] === ':' && t[this.i + 1] === ':') {
      this.i += 2;
      this.cast();
    }
    return value;
  }

  /** `(v, v, …)`. */
  tuple(): SqlValue[] {
    this.expect('(');
    const values: SqlValue[] = [];
    if (this.accept(')')) return values;
    do values.push(this.value());
    while (this.accept(','));
    this.expect(')');
    return values;
  }

  /** `;` and nothing after it but blanks or a comment. */
  end(): void {
    this.expect(';');
    this.space();
    if (this.i < this.text.length) this.fail(`unexpected '${this.snippet()}' after the end of the statement`);
  }
}

/**
 * An INSERT statement, or undefined when `text` ends before the statement does (a string value
 * spanning lines): call again with the next line appended.
 */
export function parseInsert(text: string, standardStrings = true): InsertStatement | undefined {
  const c = new Cursor(text, standardStrings);
  try {
    c.expectKeyword('INSERT');
    c.expectKeyword('INTO');
    const table = c.tableName();
    let columns: string[] | null = null;
    if (c.accept('(')) {
      columns = [];
      do columns.push(c.identifier());
      while (c.accept(','));
      c.expect(')');
    }
    if (c.keyword('OVERRIDING')) {
      if (!c.keyword('SYSTEM') && !c.keyword('USER')) c.fail(`expected SYSTEM or USER but found '${c.snippet()}'`);
      c.expectKeyword('VALUE');
    }
    c.expectKeyword('VALUES');
    const rows: SqlValue[][] = [];
    do rows.push(c.tuple());
    while (c.accept(','));
    if (c.keyword('ON')) {
      c.expectKeyword('CONFLICT');
      c.expectKeyword('DO');
      c.expectKeyword('NOTHING');
    }
    c.end();
    return { table, columns, rows };
  } catch (error) {
    if (error instanceof Incomplete) return undefined;
    throw error;
  }
}

/**
 * `SELECT pg_catalog.set_config(…);` or `SELECT pg_catalog.setval(…);` with literal arguments,
 * which pg_dump writes and which change no data: checked, then ignored.
 */
export function parseCatalogSelect(text: string): void {
  const c = new Cursor(text, true);
  try {
    c.expectKeyword('SELECT');
    if (c.identifier() !== 'pg_catalog') c.fail('only pg_catalog.set_config and pg_catalog.setval may be selected', 0);
    c.expect('.');
    const fn = c.identifier();
    if (fn !== 'set_config' && fn !== 'setval') c.fail(`pg_catalog.${fn} is not allowed; only set_config and setval are`, 0);
    c.tuple();
    c.end();
  } catch (error) {
    if (error instanceof Incomplete) throw new SqlSyntaxError('the statement ends before its closing );', text.length);
    throw error;
  }
}

/** `COPY [schema.]table (columns) FROM stdin;` → table and columns. */
export function parseCopyHeader(text: string): { table: string; columns: string[] | null } {
  const c = new Cursor(text, true);
  try {
    c.expectKeyword('COPY');
    const table = c.tableName();
    let columns: string[] | null = null;
    if (c.accept('(')) {
      columns = [];
      do columns.push(c.identifier());
      while (c.accept(','));
      c.expect(')');
    }
    c.expectKeyword('FROM');
    if (c.identifier() !== 'stdin') c.fail('only COPY … FROM stdin is accepted', 0);
    c.end();
    return { table, columns };
  } catch (error) {
    if (error instanceof Incomplete) throw new SqlSyntaxError('the COPY line ends before FROM stdin;', text.length);
    throw error;
  }
}

const COPY_ESCAPES: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

/** One field of a COPY text-format line: `\N` is NULL, backslash escapes are decoded. */
export function copyField(field: string): SqlValue {
  if (field === '\\N') return null;
  if (!field.includes('\\')) return field;
  let out = '';
  for (let i = 0; i < field.length; i++) {
    const c = field[i];
    if (c !== '\\') {
      out += c;
      continue;
    }
    const next = field[++i] ?? '';
    if (COPY_ESCAPES[next]) out += COPY_ESCAPES[next];
    else if (/[0-7]/.test(next)) {
      let digits = next;
      while (digits.length < 3 && /[0-7]/.test(field[i + 1] ?? '')) digits += field[++i];
      out += String.fromCharCode(parseInt(digits, 8));
    } else if (next === 'x' && /[0-9a-f]/i.test(field[i + 1] ?? '')) {
      let digits = field[++i];
      if (/[0-9a-f]/i.test(field[i + 1] ?? '')) digits += field[++i];
      out += String.fromCharCode(parseInt(digits, 16));
    } else out += next;
  }
  return out;
}
