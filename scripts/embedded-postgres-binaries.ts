/**
 * Makes the embedded PostgreSQL binaries reachable for the `postgres` system user (see
 * core/db/embedded-binaries.ts), for a process that cannot import the project's TypeScript itself:
 * jest's global setup runs it before it starts the test run's embedded server.
 */
import { ensureEmbeddedBinariesReachable } from '../core/db/embedded-binaries.js';

const copy = ensureEmbeddedBinariesReachable();
if (copy) console.log(`the postgres system user cannot reach this project's folder: the embedded PostgreSQL binaries run from ${copy}`);
