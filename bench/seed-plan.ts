/**
 * What `npm run bench:seed` puts in the database, decided in memory and deterministically (the same
 * plan every run): which curator owns which submission, how many animals and samples each has,
 * and how far each got (loaded, validated with or without errors, submitted to BioSamples).
 */

import { seededRandom } from '../test/seeded-random.js';

export const CURATORS = 10;
export const BENCH_PASSWORD = 'bench-password-1';
export const benchAdminEmail = 'bench-admin@example.org';
/** Curator 0 (bench-curator-01) owns the biggest submission. */
export const benchCuratorEmail = (i: number): string => `bench-curator-${String(i + 1).padStart(2, '0')}@example.org`;

export const SUBMISSIONS = 200;
export const ANIMALS = 200_000;
export const SAMPLES = 1_000_000;
/** The one big gene bank: more samples than the panel counts exactly (100,000). */
export const BIGGEST_SUBMISSION_SAMPLES = 120_000;
/**
 * Its place among the 200: in the middle, so its rows (and its curator's) sit in the middle of the
 * id range, as a gene bank loaded some time after others would; at the start they would flatter
 * any plan that walks the primary key.
 */
const BIGGEST_AT = 100;

export type PlannedStatus = 'loaded' | 'need_revision' | 'ready' | 'completed';

export interface PlannedSubmission {
  /** 0-based position, in order of loading. */
  seq: number;
  /** 0-based curator index. */
  curator: number;
  animals: number;
  samples: number;
  status: PlannedStatus;
  /** Index into the species the seed breeds (one species per gene bank). */
  species: number;
}

/** Splits `total` in proportion to `weights`, in whole numbers that add up exactly (largest remainders). */
export function apportion(total: number, weights: number[], minimum = 0): number[] {
  const free = total - minimum * weights.length;
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (free * w) / sum);
  const parts = exact.map((x) => Math.floor(x));
  let left = free - parts.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0]);
  for (const [, i] of byRemainder) {
    if (left-- <= 0) break;
    parts[i]++;
  }
  return parts.map((p) => p + minimum);
}

const STATUS_CYCLE: PlannedStatus[] = ['loaded', 'loaded', 'loaded', 'need_revision', 'need_revision', 'ready', 'ready', 'ready', 'completed', 'completed'];

/**
 * Gene banks of very uneven sizes (log-normal, as real collections are: a few large, many small),
 * between 1 and 10 samples per animal, owned in turn by the curators; curator 0 owns the big one.
 * (BIGGEST_AT is a multiple of CURATORS.)
 */
export function seedPlan(speciesCount: number): PlannedSubmission[] {
  const random = seededRandom(20_260_601); // the same plan every run
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const rest = Array.from({ length: SUBMISSIONS - 1 }, () => Math.exp(1.1 * normal()));
  const samples = apportion(SAMPLES - BIGGEST_SUBMISSION_SAMPLES, rest, 20);
  samples.splice(BIGGEST_AT, 0, BIGGEST_SUBMISSION_SAMPLES);
  const perAnimal = samples.map((_, i) => (i === BIGGEST_AT ? 6 : 1 + Math.floor(random() * 10)));
  const animals = apportion(ANIMALS, samples.map((s, i) => s / perAnimal[i]), 1);
  return samples.map((n, seq) => ({
    seq,
    curator: seq % CURATORS,
    animals: animals[seq],
    samples: n,
    status: seq === BIGGEST_AT ? 'need_revision' : STATUS_CYCLE[Math.floor(random() * STATUS_CYCLE.length)],
    species: seq % speciesCount,
  }));
}
