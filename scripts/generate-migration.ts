/**
 * Writes core/db/migrations/<timestamp>-<name>.ts with the SQL that brings a database built by the
 * existing migrations in line with the entities. Needs a PostgreSQL to diff against:
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx scripts/generate-migration.ts add-x
 */
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { createDataSource } from '../core/db/data-source.js';
import { projectRoot } from '../core/paths.js';

const name = process.argv[2];
if (!name || !/^[a-z0-9-]+$/.test(name)) throw new Error('usage: generate-migration.ts <kebab-case-name>');
const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const scratch = `injecttool_migration_${Date.now()}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`CREATE DATABASE ${scratch}`);
try {
  const url = new URL(adminUrl);
  url.pathname = `/${scratch}`;
  const ds = createDataSource(url.toString());
  await ds.initialize();
  await ds.runMigrations();
  const log = await ds.driver.createSchemaBuilder().log();
  await ds.destroy();
  if (log.upQueries.length === 0) {
    console.log('entities and migrations agree: nothing to write');
  } else {
    const stamp = Date.now();
    const className = name.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase()) + stamp;
    const q = (s: string) => '    await queryRunner.query(' + JSON.stringify(s) + ');';
    const body = `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  async up(queryRunner: QueryRunner): Promise<void> {
${log.upQueries.map((x) => q(x.query)).join('\n')}
  }

  async down(queryRunner: QueryRunner): Promise<void> {
${log.downQueries.reverse().map((x) => q(x.query)).join('\n')}
  }
}
`;
    const file = path.join(projectRoot, 'core/db/migrations', `${stamp}-${name}.ts`);
    fs.writeFileSync(file, body);
    console.log(`wrote ${path.relative(projectRoot, file)}; add ${className} to core/db/migrations/index.ts`);
  }
} finally {
  await admin.query(`DROP DATABASE IF EXISTS ${scratch}`);
  await admin.end();
}
