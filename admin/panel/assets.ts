import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { createRequire } from 'node:module';
import { Router, type RequestHandler, type Response } from 'express';
import { componentsBundle } from './bundle.js';
import { evalFreeBundle } from '../security/eval-free-bundles.js';

const require = createRequire(import.meta.url);
const adminjsScripts = path.join(path.dirname(require.resolve('adminjs')), 'lib', 'frontend', 'assets', 'scripts');
const designSystemDir = path.join(path.dirname(require.resolve('@adminjs/design-system')), '..');

/** AdminJS's production builds, whatever NODE_ENV says (the development ones are 25 MB). */
const CORE_BUNDLES: Record<string, string> = {
  'app.bundle.js': path.join(adminjsScripts, 'app-bundle.production.js'),
  'global.bundle.js': path.join(adminjsScripts, 'global-bundle.production.js'),
  'design-system.bundle.js': path.join(designSystemDir, 'bundle.production.js'),
};

const FAVICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#2f6b4f"/><text x="16" y="23" font-family="Arial,sans-serif" font-size="20" font-weight="bold" fill="#fff" text-anchor="middle">I</text></svg>`;

const IMMUTABLE = 'public, max-age=31536000, immutable';

/** The components bundle is rebuilt while a development server runs: its version follows the file. */
let componentsVersion: { mtimeMs: number; version: string } | undefined;
const coreVersions = new Map<string, string>();

const versionOf = (content: Buffer): string => crypto.createHash('sha256').update(content).digest('hex').slice(0, 16);

/** A short hash of what the panel serves under `name`, or undefined when there is no such bundle (yet). */
export function bundleVersion(name: string): string | undefined {
  const core = CORE_BUNDLES[name];
  if (core) {
    if (!coreVersions.has(name)) coreVersions.set(name, versionOf(evalFreeBundle(core)));
    return coreVersions.get(name);
  }
  if (name !== 'components.bundle.js' || !fs.existsSync(componentsBundle)) return undefined;
  const { mtimeMs } = fs.statSync(componentsBundle);
  if (componentsVersion?.mtimeMs !== mtimeMs) componentsVersion = { mtimeMs, version: versionOf(fs.readFileSync(componentsBundle)) };
  return componentsVersion.version;
}

/** A URL carrying the current content's version may be cached for good (nginx and browsers); others are revalidated. */
function cacheFor(res: Response, name: string, requested: unknown, fallback: string): void {
  res.set('Cache-Control', requested !== undefined && requested === bundleVersion(name) ? IMMUTABLE : fallback);
}

/**
 * Serves the panel's scripts before the AdminJS router: with Express 5, AdminJS's own production
 * asset route answers 404 for the components bundle (STACK-NOTES §3). The components bundle is the
 * one `npm run build:admin` made; without it, AdminJS's development route bundles on demand.
 */
export function panelAssets(rootPath: string): Router {
  const router = Router();
  for (const [name, file] of Object.entries(CORE_BUNDLES)) {
    // Served eval-free, so the panel runs under a content security policy without 'unsafe-eval'.
    router.get(`${rootPath}/frontend/assets/${name}`, (req, res) => {
      cacheFor(res, name, req.query.v, 'public, max-age=86400');
      res.type('text/javascript').send(evalFreeBundle(file));
    });
  }
  router.get(`${rootPath}/frontend/assets/components.bundle.js`, (req, res, next) => {
    if (!fs.existsSync(componentsBundle)) return next();
    cacheFor(res, 'components.bundle.js', req.query.v, 'no-cache');
    res.sendFile(componentsBundle, { dotfiles: 'allow', cacheControl: false });
  });
  router.get(`${rootPath}/frontend/assets/favicon.svg`, (_req, res) => {
    res.type('image/svg+xml').set('Cache-Control', 'public, max-age=86400').send(FAVICON);
  });
  return router;
}

/**
 * AdminJS links its bundles without a version, so nothing could cache them for long without
 * serving an old panel after a deploy. Panel pages get links carrying each bundle's content hash.
 */
export function withVersionedBundles(rootPath: string): RequestHandler {
  const link = new RegExp(`src="${rootPath}/frontend/assets/((?:app|global|design-system|components)\\.bundle\\.js)"`, 'g');
  return (_req, res, next) => {
    const send = res.send.bind(res);
    res.send = (body?: unknown) => send(typeof body === 'string' && body.includes('.bundle.js"')
      ? body.replace(link, (whole, name: string) => {
        const version = bundleVersion(name);
        return version ? `src="${rootPath}/frontend/assets/${name}?v=${version}"` : whole;
      })
      : body);
    next();
  };
}
