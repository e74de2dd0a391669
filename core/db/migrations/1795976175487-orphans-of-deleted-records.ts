import type { MigrationInterface, QueryRunner } from 'typeorm';

export class OrphansOfDeletedRecords1795976175487 implements MigrationInterface {
  name = 'OrphansOfDeletedRecords1795976175487';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"orphaned_records\" DROP CONSTRAINT \"CHK_9ffd3c99392c60f83b8384ca00\"");
    await queryRunner.query("ALTER TABLE \"orphaned_records\" ADD CONSTRAINT \"CHK_d0f6f4026a9b9e116f6e2d3718\" CHECK (\"reason\" IN ('submission deleted', 'record deleted', 'duplicate'))");
    // Whatever deletes an accessioned record (the panel, a reload without it, a cascade), its
    // accession is kept for suppression. Submission deletes record theirs first ('submission deleted').
    for (const [table, speciesOf] of [
      ['animals', 'SELECT b.species_id FROM breeds b WHERE b.id = OLD.breed_id'],
      ['samples', 'SELECT b.species_id FROM animals a JOIN breeds b ON b.id = a.breed_id WHERE a.id = OLD.animal_id'],
    ] as const) {
      await queryRunner.query(`
        CREATE FUNCTION keep_orphaned_${table}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          INSERT INTO orphaned_records (accession, alias, name, record_type, species, species_term, owner_id, submission_title, reason)
          SELECT OLD.accession, OLD.alias, OLD.name, '${table === 'animals' ? 'animal' : 'sample'}', sp.label, sp.term, OLD.owner_id,
                 coalesce((SELECT title FROM submissions WHERE id = OLD.submission_id), ''), 'record deleted'
            FROM (SELECT 1) one LEFT JOIN species sp ON sp.id = (${speciesOf})
          ON CONFLICT (accession) WHERE accession IS NOT NULL DO NOTHING;
          RETURN OLD;
        END $$`);
      await queryRunner.query(`CREATE TRIGGER keep_orphaned_${table} BEFORE DELETE ON ${table}
        FOR EACH ROW WHEN (OLD.accession IS NOT NULL) EXECUTE FUNCTION keep_orphaned_${table}()`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['animals', 'samples']) {
      await queryRunner.query(`DROP TRIGGER keep_orphaned_${table} ON ${table}`);
      await queryRunner.query(`DROP FUNCTION keep_orphaned_${table}()`);
    }
    await queryRunner.query("ALTER TABLE \"orphaned_records\" DROP CONSTRAINT \"CHK_d0f6f4026a9b9e116f6e2d3718\"");
    await queryRunner.query("ALTER TABLE \"orphaned_records\" ADD CONSTRAINT \"CHK_9ffd3c99392c60f83b8384ca00\" CHECK (((reason)::text = ANY ((ARRAY['submission deleted'::character varying, 'duplicate'::character varying])::text[])))");
  }
}
