import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { ENTITIES } from './entities/index.js';
import { MIGRATIONS } from './migrations/index.js';
import { SnakeNamingStrategy } from './naming.js';

export function createDataSource(url: string, options: { poolSize?: number; applicationName?: string } = {}): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    namingStrategy: new SnakeNamingStrategy(),
    uuidExtension: 'pgcrypto',
    synchronize: false,
    logging: false,
    // JIT compiles any statement whose estimate is high (a batch of 5,000 records) at ~50 ms a time,
    // more than such statements take to run here: off for InjectTool's sessions.
    extra: { max: options.poolSize ?? 10, application_name: options.applicationName ?? 'injecttool', options: '-c jit=off' },
  });
}

let current: DataSource | undefined;

/** The process's one DataSource; set at start-up (or by a test file) before anything queries. */
export function db(): DataSource {
  if (!current) throw new Error('Database not initialised: call connectDatabase() first');
  return current;
}

export async function connectDatabase(url: string, options: Parameters<typeof createDataSource>[1] = {}): Promise<DataSource> {
  const ds = createDataSource(url, options);
  await ds.initialize();
  current = ds;
  return ds;
}

export async function disconnectDatabase(): Promise<void> {
  const ds = current;
  current = undefined;
  if (ds?.isInitialized) await ds.destroy();
}
