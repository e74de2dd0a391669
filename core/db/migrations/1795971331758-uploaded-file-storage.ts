import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Uploaded files are kept uncompressed out of line, so an import reads one back in chunks with
 * substring() without PostgreSQL decompressing the whole value for every chunk (xlsx files are
 * already compressed; CSV and SQL dumps would be).
 */
export class UploadedFileStorage1795971331758 implements MigrationInterface {
  name = 'UploadedFileStorage1795971331758';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "uploaded_files" ALTER COLUMN "content" SET STORAGE EXTERNAL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "uploaded_files" ALTER COLUMN "content" SET STORAGE EXTENDED`);
  }
}
