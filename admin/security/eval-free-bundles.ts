import fs from 'node:fs';

/**
 * webpack's and lodash's ways of finding the global object end in `Function("return this")()`
 * when `this` is undefined (strict code). The panel's policy has no 'unsafe-eval', so the browser
 * blocks that call and reports a violation on every page, although the code then falls back to
 * `window`. `globalThis` is the very object they look for.
 */
export function withoutEvalFallbacks(source: string): string {
  return source.replaceAll('new Function("return this")()', 'globalThis').replaceAll('Function("return this")()', 'globalThis');
}

const loaded = new Map<string, Buffer>();

/** A vendor bundle as the panel serves it: read once, made eval-free, kept in memory (a few MB). */
export function evalFreeBundle(file: string): Buffer {
  let bundle = loaded.get(file);
  if (!bundle) {
    bundle = Buffer.from(withoutEvalFallbacks(fs.readFileSync(file, 'utf8')));
    loaded.set(file, bundle);
  }
  return bundle;
}
