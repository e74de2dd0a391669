import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(start: string): string {
  let dir = start;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`package.json not found above ${start}`);
    dir = parent;
  }
  return dir;
}

/** The project folder, whether the code runs from source (tsx, jest) or from dist/. */
export const projectRoot = findRoot(path.dirname(fileURLToPath(import.meta.url)));

/** Data files the code reads: IMAGE rules, vocabularies, mapping tables. */
export const resourcesDir = path.join(projectRoot, 'resources');
