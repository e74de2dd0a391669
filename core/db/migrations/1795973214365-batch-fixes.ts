import type { MigrationInterface, QueryRunner } from 'typeorm';

export class BatchFixes1795973214365 implements MigrationInterface {
  name = 'BatchFixes1795973214365';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"batch_fixes\" (\"id\" SERIAL NOT NULL, \"record_type\" character varying(8) NOT NULL, \"field\" character varying(64) NOT NULL, \"value\" jsonb, \"ids\" integer array, \"filter\" jsonb, \"previous_status\" character varying(16) NOT NULL, \"state\" character varying(8) NOT NULL DEFAULT 'queued', \"selected\" integer, \"changed\" integer, \"outcome\" text, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"finished_at\" TIMESTAMP WITH TIME ZONE, \"submission_id\" integer NOT NULL, \"requested_by_id\" integer, CONSTRAINT \"CHK_a1ddc73449a596f8b2f5901493\" CHECK ((ids IS NOT NULL)::int + (filter IS NOT NULL)::int = 1), CONSTRAINT \"CHK_4c74935d8cfb94fbc422f44534\" CHECK (\"previous_status\" IN ('waiting', 'loaded', 'error', 'need_revision', 'ready', 'submitted', 'completed')), CONSTRAINT \"CHK_f4d927154513459f20de6c404f\" CHECK (\"state\" IN ('queued', 'done', 'failed')), CONSTRAINT \"CHK_9d8cd7b54544af39a881026a2c\" CHECK (\"record_type\" IN ('animal', 'sample')), CONSTRAINT \"PK_c3491ffc87288a81dbddbe5ae84\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"IDX_a65e06ff4ba5aa8af16dfc0cdc\" ON \"batch_fixes\" (\"submission_id\") ");
    await queryRunner.query("ALTER TABLE \"batch_fixes\" ADD CONSTRAINT \"FK_a65e06ff4ba5aa8af16dfc0cdc7\" FOREIGN KEY (\"submission_id\") REFERENCES \"submissions\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"batch_fixes\" ADD CONSTRAINT \"FK_0a1be5fa221cedc1faad5a627d0\" FOREIGN KEY (\"requested_by_id\") REFERENCES \"users\"(\"id\") ON DELETE SET NULL ON UPDATE NO ACTION");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"batch_fixes\" DROP CONSTRAINT \"FK_0a1be5fa221cedc1faad5a627d0\"");
    await queryRunner.query("ALTER TABLE \"batch_fixes\" DROP CONSTRAINT \"FK_a65e06ff4ba5aa8af16dfc0cdc7\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_a65e06ff4ba5aa8af16dfc0cdc\"");
    await queryRunner.query("DROP TABLE \"batch_fixes\"");
  }
}
