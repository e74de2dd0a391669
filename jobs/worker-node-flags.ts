/**
 * V8 flags the worker process runs with (package.json's worker scripts, docker-compose.yml and the
 * processes that tests and benchmarks start). Without allocation-site pretenuring ExcelJS's per-cell
 * objects are not promoted straight to the old generation, so an import's peak memory stays flat
 * (bench/README.md, "Where the memory goes"). Node refuses this flag in NODE_OPTIONS.
 */
export const workerNodeFlags = ['--no-allocation-site-pretenuring'];
