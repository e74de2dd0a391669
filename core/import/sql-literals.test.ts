import { describe, expect, test } from '@jest/globals';
import { SqlSyntaxError, copyField, parseCatalogSelect, parseCopyHeader, parseInsert } from './sql-literals.js';

describe('INSERT statements', () => {
  test('reads literals of every kind pg_dump writes, with casts', () => {
    const statement = parseInsert(
      `INSERT INTO "apiis_admin"."Codes" ("class", ext_code, n, f, b, d, t, e, z) VALUES ('it''s', NULL, -12, 5.2e-3, true, '2004-01-13'::date, '2007-06-14 14:54:36'::timestamp without time zone, E'tab\\there\\x41\\101\\u00e9', '{a,b}'::character varying(10)[]);`,
    );
    expect(statement).toEqual({
      table: 'Codes',
      columns: ['class', 'ext_code', 'n', 'f', 'b', 'd', 't', 'e', 'z'],
      rows: [["it's", null, '-12', '5.2e-3', 'true', '2004-01-13', '2007-06-14 14:54:36', 'tab\there\u0041\u0041\u00e9', '{a,b}']],
    });
  });

  test('keeps backslashes in plain strings unless standard_conforming_strings is off', () => {
    expect(parseInsert("INSERT INTO t VALUES ('C:\\dir');")?.rows).toEqual([['C:\\dir']]);
    expect(parseInsert("INSERT INTO t VALUES ('a\\'b');", false)?.rows).toEqual([["a'b"]]);
  });

  test('says a statement is incomplete when a string goes on past the end of the line', () => {
    expect(parseInsert("INSERT INTO t VALUES ('first line")).toBeUndefined();
    expect(parseInsert("INSERT INTO t VALUES ('first line\nsecond');")?.rows).toEqual([['first line\nsecond']]);
  });

  test('refuses anything after the statement and statements that are not INSERTs', () => {
    expect(() => parseInsert("INSERT INTO t VALUES (1); DROP TABLE t;")).toThrow(SqlSyntaxError);
    expect(() => parseInsert("INSERT INTO t SELECT * FROM u;")).toThrow("expected VALUES but found 'SELECT * FROM u;'");
    expect(() => parseInsert("INSERT INTO t VALUES (1) RETURNING *;")).toThrow("expected ';' but found 'RETURNING *;'");
  });
});

describe('the other lines of a dump', () => {
  test('accepts set_config and setval with literal arguments only', () => {
    expect(() => parseCatalogSelect("SELECT pg_catalog.set_config('search_path', '', false);")).not.toThrow();
    expect(() => parseCatalogSelect("SELECT pg_catalog.setval('seq_codes__db_code', 837, true);")).not.toThrow();
    expect(() => parseCatalogSelect("SELECT pg_catalog.setval('s', (SELECT max(id) FROM t), true);")).toThrow(SqlSyntaxError);
    expect(() => parseCatalogSelect('SELECT set_config(1);')).toThrow('only pg_catalog.set_config and pg_catalog.setval may be selected');
  });

  test('reads COPY headers and fields', () => {
    expect(parseCopyHeader('COPY apiis_admin.vessels (db_vessel, "ext_vessel") FROM stdin;')).toEqual({ table: 'vessels', columns: ['db_vessel', 'ext_vessel'] });
    expect(() => parseCopyHeader("COPY t (a) FROM '/etc/passwd';")).toThrow(SqlSyntaxError);
    expect(() => parseCopyHeader('COPY t (a) FROM PROGRAM \'rm -rf /\';')).toThrow(SqlSyntaxError);
    expect(copyField('\\N')).toBeNull();
    expect(copyField('a\\tb\\nc\\\\d\\101\\x42')).toBe('a\tb\nc\\dAB');
    expect(copyField('plain')).toBe('plain');
  });
});
