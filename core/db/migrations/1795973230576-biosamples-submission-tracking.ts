import type { MigrationInterface, QueryRunner } from 'typeorm';

export class BiosamplesSubmissionTracking1795973230576 implements MigrationInterface {
  name = 'BiosamplesSubmissionTracking1795973230576';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"orphaned_records\" (\"id\" SERIAL NOT NULL, \"accession\" character varying(32), \"alias\" uuid NOT NULL, \"name\" character varying(255) NOT NULL, \"record_type\" character varying(8) NOT NULL, \"species\" character varying(255), \"species_term\" character varying(64), \"submission_title\" character varying(255) NOT NULL, \"reason\" character varying(32) NOT NULL DEFAULT 'submission deleted', \"deleted_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"suppressed_at\" TIMESTAMP WITH TIME ZONE, \"suppress_message\" text, \"owner_id\" integer, CONSTRAINT \"CHK_9ffd3c99392c60f83b8384ca00\" CHECK (\"reason\" IN ('submission deleted', 'duplicate')), CONSTRAINT \"CHK_97aec9065c65a562141b733904\" CHECK (\"record_type\" IN ('animal', 'sample')), CONSTRAINT \"PK_178fec7ffe8087d3a2be32e6421\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_e6bed4d6146dfa6620f11bd11b\" ON \"orphaned_records\" (\"accession\") WHERE accession IS NOT NULL");
    await queryRunner.query("CREATE INDEX \"IDX_33667fdf5fd3b1367519cbb131\" ON \"orphaned_records\" (\"alias\") ");
    await queryRunner.query("CREATE INDEX \"IDX_914dd9bff89f53648baca5cc0a\" ON \"orphaned_records\" (\"owner_id\") ");
    await queryRunner.query("ALTER TABLE \"animals\" ADD \"submitted_release\" date");
    await queryRunner.query("ALTER TABLE \"samples\" ADD \"submitted_release\" date");
    await queryRunner.query("ALTER TABLE \"orphaned_records\" ADD CONSTRAINT \"FK_914dd9bff89f53648baca5cc0a2\" FOREIGN KEY (\"owner_id\") REFERENCES \"users\"(\"id\") ON DELETE SET NULL ON UPDATE NO ACTION");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"orphaned_records\" DROP CONSTRAINT \"FK_914dd9bff89f53648baca5cc0a2\"");
    await queryRunner.query("ALTER TABLE \"samples\" DROP COLUMN \"submitted_release\"");
    await queryRunner.query("ALTER TABLE \"animals\" DROP COLUMN \"submitted_release\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_914dd9bff89f53648baca5cc0a\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_33667fdf5fd3b1367519cbb131\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_e6bed4d6146dfa6620f11bd11b\"");
    await queryRunner.query("DROP TABLE \"orphaned_records\"");
  }
}
