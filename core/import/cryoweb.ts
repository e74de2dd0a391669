/**
 * A CryoWeb gene bank dump (`pg_dump --data-only` of its apiis_admin schema) → breeds, animals and
 * samples, mapped as the original tool mapped the CryoWeb views v_breeds_species, v_animal and
 * v_vessels. The original loaded the dump into a database; here it is only parsed, and the views'
 * joins are done in memory over the few tables they read.
 */
import fs from 'node:fs';
import path from 'node:path';
import { resourcesDir } from '../paths.js';
import {
  UnreadableFileError, type AnimalRow, type BreedRow, type ColumnNames, type ImportProblem, type ImportSink,
  type ParseContext, type SampleRow,
} from './rows.js';
import { readDataDump } from './sql-dump.js';
import type { SqlValue } from './sql-literals.js';
import { detectTextEncoding, textStream } from './text-encoding.js';
import { ageAtCollection, parseDateText, parseNumberText } from './values.js';

const schema = JSON.parse(fs.readFileSync(path.join(resourcesDir, 'import', 'cryoweb-tables.json'), 'utf8')) as {
  tables: Record<string, string[]>;
};

/** The columns each view reads; nothing else of the dump is kept. */
const KEPT = {
  animal: ['db_animal', 'db_sire', 'db_dam', 'db_sex', 'db_breed', 'db_species', 'birth_dt', 'birth_year', 'latitude', 'longitude', 'comment'],
  breeds_species: ['db_breed', 'db_species', 'efabis_mcname', 'efabis_country', 'efabis_species'],
  codes: ['db_code', 'ext_code'],
  protocols: ['protocol_id', 'db_material_type'],
  transfer: ['db_animal', 'ext_animal', 'db_unit', 'closing_dt'],
  unit: ['db_unit', 'ext_unit', 'ext_id'],
  vessels: ['db_vessel', 'ext_vessel', 'db_animal', 'protocol_id', 'production_dt', 'comment'],
} as const;
type Table = keyof typeof KEPT;
type Kept<T extends Table> = Record<(typeof KEPT)[T][number], SqlValue> & { line: number };

const PLACEHOLDER_PARENT = /^unknown(?:[_ -]?(?:sire|dam|father|mother|parent))?$/i;

const BREED_COLUMNS: ColumnNames<BreedRow> = {
  suppliedBreed: 'efabis_mcname', country: 'efabis_country', species: 'db_species',
};
const ANIMAL_COLUMNS: ColumnNames<AnimalRow> = {
  name: 'db_animal', alternativeId: 'db_animal', description: 'comment', breed: 'db_breed', breedCountry: 'db_breed',
  species: 'db_species', sex: 'db_sex', father: 'db_sire', mother: 'db_dam', birthDate: 'birth_dt',
  birthLocationLatitude: 'latitude', birthLocationLongitude: 'longitude', birthLocationAccuracy: 'latitude',
};
const SAMPLE_COLUMNS: ColumnNames<SampleRow> = {
  name: 'ext_vessel', alternativeId: 'db_vessel', description: 'comment', animal: 'db_animal',
  collectionDate: 'production_dt', organismPart: 'protocol_id', animalAgeAtCollection: 'production_dt',
};

/** The kept rows of the dump's tables, in file order. */
class DumpTables {
  readonly rows: { [T in Table]: Kept<T>[] } = {
    animal: [], breeds_species: [], codes: [], protocols: [], transfer: [], unit: [], vessels: [],
  };
  private count = 0;
  private lastColumns = new Map<string, { columns: readonly string[]; index: number[] }>();

  constructor(private readonly ctx: ParseContext) {}

  add(table: string, columns: readonly string[] | null, values: SqlValue[], line: number): void {
    const name = table as Table;
    const all = columns ?? schema.tables[name];
    if (values.length !== all.length) {
      throw new UnreadableFileError(`'${this.ctx.fileName}', line ${line}: a row of '${table}' has ${values.length} values for ${all.length} columns.`);
    }
    if (++this.count > this.ctx.limits.maxRows) {
      throw new UnreadableFileError(`'${this.ctx.fileName}' has more than ${this.ctx.limits.maxRows} rows, the limit set by MAX_ROWS.`);
    }
    let cached = this.lastColumns.get(name);
    if (!cached || cached.columns !== all) {
      cached = { columns: all, index: KEPT[name].map((c) => all.indexOf(c)) };
      this.lastColumns.set(name, cached);
    }
    const row: Record<string, SqlValue | number> = { line };
    const kept = KEPT[name];
    for (let i = 0; i < kept.length; i++) row[kept[i]] = cached.index[i] < 0 ? null : values[cached.index[i]];
    (this.rows[name] as unknown[]).push(row);
  }
}

function byKey<T>(rows: T[], key: (row: T) => SqlValue): Map<string, T> {
  const map = new Map<string, T>();
  for (const row of rows) {
    const k = key(row);
    if (k !== null && !map.has(k)) map.set(k, row);
  }
  return map;
}

/** The joins of the CryoWeb views, and the mapping of their rows to the IMAGE records. */
class CryoWebMapping {
  private readonly codes: Map<string, Kept<'codes'>>;
  private readonly units: Map<string, Kept<'unit'>>;
  private readonly transfers = new Map<string, Kept<'transfer'>>();
  private readonly breedsBySpecies: Map<string, Kept<'breeds_species'>>;
  private readonly breedsByBreed: Map<string, Kept<'breeds_species'>>;
  private readonly protocols: Map<string, Kept<'protocols'>>;
  private readonly animals: Map<string, Kept<'animal'>>;
  private readonly placeholders = new Map<string, number>();

  constructor(private readonly tables: DumpTables['rows'], private readonly ctx: ParseContext, private readonly sink: ImportSink) {
    this.codes = byKey(tables.codes, (r) => r.db_code);
    this.units = byKey(tables.unit, (r) => r.db_unit);
    // An animal may have several ids over time: the open one (no closing date) names it.
    for (const t of tables.transfer) {
      if (t.db_animal === null) continue;
      const known = this.transfers.get(t.db_animal);
      if (!known || (known.closing_dt !== null && t.closing_dt === null)) this.transfers.set(t.db_animal, t);
    }
    this.breedsBySpecies = byKey(tables.breeds_species, (r) => (r.db_breed === null ? null : `${r.db_breed}|${r.db_species}`));
    this.breedsByBreed = byKey(tables.breeds_species, (r) => r.db_breed);
    this.protocols = byKey(tables.protocols, (r) => r.protocol_id);
    this.animals = byKey(tables.animal, (r) => r.db_animal);
  }

  private problem(level: ImportProblem['level'], table: string, line: number | undefined, column: string | undefined, value: SqlValue, message: string): void {
    const where = `${line === undefined ? '' : `, line ${line}`}${column ? `, column '${column}'` : ''}`;
    this.sink.problem({
      level, sheet: table, row: line, column, value: value ?? undefined, message: `Table '${table}'${where}: ${message}`,
    });
  }

  private code(dbCode: SqlValue): string | null {
    return dbCode === null ? null : this.codes.get(dbCode)?.ext_code ?? null;
  }

  /** v_animal's ext_animal: `unit:::id:::animal`, null when the transfer or its unit is missing. */
  private transferName(transfer: Kept<'transfer'> | undefined): string | null {
    if (!transfer || transfer.ext_animal === null || transfer.db_unit === null) return null;
    const unit = this.units.get(transfer.db_unit);
    if (!unit || unit.ext_unit === null || unit.ext_id === null) return null;
    return `${unit.ext_unit}:::${unit.ext_id}:::${transfer.ext_animal}`;
  }

  nameOf(dbAnimal: SqlValue): string | null {
    return dbAnimal === null ? null : this.transferName(this.transfers.get(dbAnimal));
  }

  private parent(animal: Kept<'animal'>, column: 'db_sire' | 'db_dam'): string | null {
    const id = animal[column];
    if (id === null) return null;
    const transfer = this.transfers.get(id);
    const role = column === 'db_sire' ? 'father' : 'mother';
    if (transfer?.ext_animal && PLACEHOLDER_PARENT.test(transfer.ext_animal)) {
      const key = `${role}\u0000${transfer.ext_animal}`;
      this.placeholders.set(key, (this.placeholders.get(key) ?? 0) + 1);
      return null;
    }
    const name = this.transferName(transfer);
    if (name === null) {
      this.problem('warning', 'animal', animal.line, column, id, `the ${role} (db_animal ${id}) has no name in tables transfer and unit; the ${role} is left empty`);
    }
    return name;
  }

  private breedOf(animal: Kept<'animal'>): Kept<'breeds_species'> | undefined {
    if (animal.db_breed === null) return undefined;
    return this.breedsBySpecies.get(`${animal.db_breed}|${animal.db_species}`) ?? this.breedsByBreed.get(animal.db_breed);
  }

  private speciesOf(breed: Kept<'breeds_species'>): string | null {
    return this.code(breed.db_species) ?? breed.efabis_species;
  }

  async breeds(): Promise<void> {
    const seen = new Set<string>();
    for (const b of this.tables.breeds_species) {
      const species = this.speciesOf(b);
      const missing = !b.efabis_mcname ? 'efabis_mcname' : !b.efabis_country ? 'efabis_country' : !species ? 'db_species' : null;
      if (missing) {
        this.problem('error', 'breeds_species', b.line, missing, null, 'the breed has no EFABIS name, country or species; it is not imported');
        continue;
      }
      const key = `${b.efabis_mcname}\u0000${b.efabis_country}\u0000${species}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const row: BreedRow = { suppliedBreed: b.efabis_mcname!, country: b.efabis_country!, species: species!, mappedBreed: null, mappedBreedTerm: null };
      await this.sink.breed(row, { sheet: 'breeds_species', row: b.line }, BREED_COLUMNS);
    }
  }

  private sex(animal: Kept<'animal'>): string | null {
    const code = this.code(animal.db_sex);
    const sex = code?.toLowerCase();
    if (sex === 'm') return 'male';
    if (sex === 'f') return 'female';
    this.problem('error', 'animal', animal.line, 'db_sex', code ?? animal.db_sex,
      code === null ? `the sex code ${animal.db_sex ?? '(empty)'} is not in table codes` : `the sex '${code}' is neither m nor f`);
    return null;
  }

  private number(table: string, line: number, column: string, value: SqlValue): number | null {
    if (value === null) return null;
    const n = parseNumberText(value);
    if (n === undefined) this.problem('error', table, line, column, value, `'${value}' is not a number`);
    return n ?? null;
  }

  birthDate(animal: Kept<'animal'>): string | null {
    if (animal.birth_dt !== null) {
      const date = parseDateText(animal.birth_dt);
      if (date === undefined) this.problem('error', 'animal', animal.line, 'birth_dt', animal.birth_dt, `'${animal.birth_dt}' is not a date`);
      return date ?? null;
    }
    return animal.birth_year !== null && /^\d{4}$/.test(animal.birth_year.trim()) ? animal.birth_year.trim() : null;
  }

  async animalRows(): Promise<void> {
    const names = new Map<string, number>();
    for (const a of this.tables.animal) {
      const name = this.nameOf(a.db_animal);
      if (name === null) {
        this.problem('error', 'animal', a.line, 'db_animal', a.db_animal, `animal ${a.db_animal ?? '(no id)'} has no name in tables transfer and unit; it is not imported`);
        continue;
      }
      const first = names.get(name);
      if (first !== undefined) {
        this.problem('error', 'animal', a.line, 'db_animal', a.db_animal, `animal '${name}' is already defined at line ${first}`);
        continue;
      }
      names.set(name, a.line);
      const breed = this.breedOf(a);
      if (!breed || !breed.efabis_mcname || !breed.efabis_country) {
        this.problem('error', 'animal', a.line, 'db_breed', a.db_breed, `the breed ${a.db_breed ?? '(empty)'} of animal '${name}' has no EFABIS name and country in table breeds_species; the animal is not imported`);
        continue;
      }
      const species = this.code(a.db_species) ?? this.speciesOf(breed);
      if (!species) {
        this.problem('error', 'animal', a.line, 'db_species', a.db_species, `the species of animal '${name}' is not in table codes; the animal is not imported`);
        continue;
      }
      const latitude = this.number('animal', a.line, 'latitude', a.latitude);
      const longitude = this.number('animal', a.line, 'longitude', a.longitude);
      const row: AnimalRow = {
        name, alternativeId: a.db_animal, description: a.comment, breed: breed.efabis_mcname, breedCountry: breed.efabis_country,
        species, sex: this.sex(a), father: this.parent(a, 'db_sire'), mother: this.parent(a, 'db_dam'),
        birthDate: this.birthDate(a), birthLocation: null, birthLocationLatitude: latitude, birthLocationLongitude: longitude,
        birthLocationAccuracy: latitude !== null && longitude !== null ? 'unknown accuracy level' : 'missing geographic information',
        accession: null,
      };
      await this.sink.animal(row, { sheet: 'animal', row: a.line }, ANIMAL_COLUMNS);
    }
    for (const [key, count] of this.placeholders) {
      const [role, placeholder] = key.split('\u0000');
      this.problem('warning', 'animal', undefined, role === 'father' ? 'db_sire' : 'db_dam', placeholder,
        `${count} animal${count > 1 ? 's have' : ' has'} the placeholder ${role} '${placeholder}' (an unknown parent); ${count > 1 ? 'their' : 'its'} ${role} is left empty`);
    }
  }

  private organismPart(vessel: Kept<'vessels'>): string | null {
    const protocol = vessel.protocol_id === null ? undefined : this.protocols.get(vessel.protocol_id);
    const material = protocol ? this.code(protocol.db_material_type) : null;
    if (material === null) {
      this.problem('warning', 'vessels', vessel.line, 'protocol_id', vessel.protocol_id,
        `no material type is known for protocol ${vessel.protocol_id ?? '(empty)'}; the organism part is left empty`);
    }
    return material?.toLowerCase() ?? null;
  }

  async sampleRows(): Promise<void> {
    const names = new Map<string, number>();
    for (const v of this.tables.vessels) {
      const animal = this.nameOf(v.db_animal);
      if (!v.ext_vessel || animal === null) {
        const [column, message] = !v.ext_vessel
          ? ['ext_vessel', 'the vessel has no name (ext_vessel)']
          : ['db_animal', `the vessel's animal ${v.db_animal ?? '(empty)'} has no name in tables transfer and unit`];
        this.problem('error', 'vessels', v.line, column, null, `${message}; it is not imported`);
        continue;
      }
      const first = names.get(v.ext_vessel);
      if (first !== undefined) {
        this.problem('error', 'vessels', v.line, 'ext_vessel', v.ext_vessel, `vessel '${v.ext_vessel}' is already defined at line ${first}`);
        continue;
      }
      names.set(v.ext_vessel, v.line);
      let collectionDate: string | null = null;
      if (v.production_dt !== null) {
        collectionDate = parseDateText(v.production_dt) ?? null;
        if (collectionDate === null) this.problem('error', 'vessels', v.line, 'production_dt', v.production_dt, `'${v.production_dt}' is not a date`);
      }
      const owner = v.db_animal === null ? undefined : this.animals.get(v.db_animal);
      const birth = owner?.birth_dt ? parseDateText(owner.birth_dt) ?? null : null;
      const age = ageAtCollection(birth, collectionDate);
      const row: SampleRow = {
        name: v.ext_vessel, alternativeId: v.db_vessel, description: v.comment, animal, collectionProtocol: null,
        collectionDate, collectionPlace: null, collectionPlaceLatitude: null, collectionPlaceLongitude: null,
        collectionPlaceAccuracy: 'missing geographic information', organismPart: this.organismPart(v),
        developmentalStage: null, physiologicalStage: null, animalAgeAtCollection: age?.value ?? null,
        animalAgeAtCollectionUnit: age?.unit ?? null, availability: null, storage: null, storageProcessing: null,
        preparationInterval: null, preparationIntervalUnit: null, publicationDoi: null, accession: null,
      };
      await this.sink.sample(row, { sheet: 'vessels', row: v.line }, SAMPLE_COLUMNS);
    }
  }
}

/**
 * Reads a CryoWeb data-only dump at `filePath` into `sink`. The SQL is parsed, never run; any
 * statement other than data and the settings pg_dump writes throws UnreadableFileError with its
 * line number.
 */
export async function parseCryoWeb(filePath: string, ctx: ParseContext, sink: ImportSink): Promise<void> {
  const encoding = await detectTextEncoding(filePath, ctx.fileName, 'SQL dump');
  const total = (await fs.promises.stat(filePath)).size;
  const text = textStream(filePath, encoding, sink.progress && ((bytes) => sink.progress!(bytes, total)));
  const tables = new DumpTables(ctx);
  await readDataDump(text, ctx.fileName, new Set(Object.keys(KEPT)), (table, columns, values, line) => tables.add(table, columns, values, line));
  if (!tables.rows.animal.length && !tables.rows.vessels.length) {
    throw new UnreadableFileError(`'${ctx.fileName}' holds no CryoWeb animals or vessels: is it a data-only dump of a CryoWeb database?`);
  }
  const mapping = new CryoWebMapping(tables.rows, ctx, sink);
  await mapping.breeds();
  await mapping.animalRows();
  await mapping.sampleRows();
}
