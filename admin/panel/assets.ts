import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { Router } from 'express';
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

/**
 * Serves the panel's scripts before the AdminJS router: with Express 5, AdminJS's own production
 * asset route answers 404 for the components bundle (STACK-NOTES §3). The components bundle is the
 * one `npm run build:admin` made; without it, AdminJS's development route bundles on demand.
 */
export function panelAssets(rootPath: string): Router {
  const router = Router();
  for (const [name, file] of Object.entries(CORE_BUNDLES)) {
    // Served eval-free, so the panel runs under a content security policy without 'unsafe-eval'.
    router.get(`${rootPath}/frontend/assets/${name}`, (_req, res) => {
      res.type('text/javascript').set('Cache-Control', 'public, max-age=86400').send(evalFreeBundle(file));
    });
  }
  router.get(`${rootPath}/frontend/assets/components.bundle.js`, (_req, res, next) => {
    if (!fs.existsSync(componentsBundle)) return next();
    res.sendFile(componentsBundle, { maxAge: 0, dotfiles: 'allow' });
  });
  router.get(`${rootPath}/frontend/assets/favicon.svg`, (_req, res) => {
    res.type('image/svg+xml').set('Cache-Control', 'public, max-age=86400').send(FAVICON);
  });
  return router;
}
