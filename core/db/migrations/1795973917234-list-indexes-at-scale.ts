import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Lists at a million samples (bench/README.md): indexes that let the panel and the API page and
 * count from the index alone, and statistics telling the planner that a submission has one owner
 * (without them it multiplies the two selectivities and expects a fifth of a submission's rows).
 */
export class ListIndexesAtScale1795973917234 implements MigrationInterface {
  name = 'ListIndexesAtScale1795973917234';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"public\".\"IDX_3d238cce5bcc2c69e89ea41c03\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_96918a5129b8c2fb63b9e2773d\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_67079601bf80bcd537239ccbda\"");
    await queryRunner.query("CREATE INDEX \"IDX_2eee7343dbd09589773f863fb4\" ON \"animals\" (\"owner_id\", \"id\") ");
    await queryRunner.query("CREATE INDEX \"IDX_8ff08e860caa8c879e539238fd\" ON \"animals\" (\"submission_id\", \"id\", \"owner_id\") ");
    await queryRunner.query("CREATE INDEX \"IDX_086d85c0f1806858ec7f7418e4\" ON \"animals\" (\"submission_id\", \"status\", \"validation\") ");
    await queryRunner.query("CREATE INDEX \"IDX_bff015b8f60b0641247bfcce57\" ON \"samples\" (\"submission_id\", \"id\", \"owner_id\") ");
    await queryRunner.query("CREATE INDEX \"IDX_857544dbc4b966fd46ca966e72\" ON \"samples\" (\"submission_id\", \"status\", \"validation\") ");
    await queryRunner.query('CREATE STATISTICS "STAT_animals_submission_owner" (dependencies) ON submission_id, owner_id FROM animals');
    await queryRunner.query('CREATE STATISTICS "STAT_samples_submission_owner" (dependencies) ON submission_id, owner_id FROM samples');
    await queryRunner.query('ANALYZE animals');
    await queryRunner.query('ANALYZE samples');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP STATISTICS "STAT_samples_submission_owner"');
    await queryRunner.query('DROP STATISTICS "STAT_animals_submission_owner"');
    await queryRunner.query("DROP INDEX \"public\".\"IDX_857544dbc4b966fd46ca966e72\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_bff015b8f60b0641247bfcce57\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_086d85c0f1806858ec7f7418e4\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_8ff08e860caa8c879e539238fd\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_2eee7343dbd09589773f863fb4\"");
    await queryRunner.query("CREATE INDEX \"IDX_67079601bf80bcd537239ccbda\" ON \"samples\" (\"submission_id\", \"status\") ");
    await queryRunner.query("CREATE INDEX \"IDX_96918a5129b8c2fb63b9e2773d\" ON \"samples\" (\"submission_id\", \"id\") ");
    await queryRunner.query("CREATE INDEX \"IDX_3d238cce5bcc2c69e89ea41c03\" ON \"animals\" (\"submission_id\", \"status\") ");
  }
}
