import { InitialSchema1795970713121 } from './1795970713121-initial-schema.js';

/** Every migration, in order. New ones are written by scripts/generate-migration.ts (then listed here). */
export const MIGRATIONS: Function[] = [InitialSchema1795970713121];
