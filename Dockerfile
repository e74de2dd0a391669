# One image for every role of InjectTool; the command chooses it (ARCHITECTURE.md "Processes"):
#   node dist/admin/server.js   web: panel, API, Socket.IO, /healthz (the default)
#   node --no-allocation-site-pretenuring dist/jobs/worker.js    worker
#   node dist/jobs/scheduler.js scheduler
#   node dist/jobs/monitor.js   Agendash (devel)
#   node dist/start.js          all in one, on DATABASE_URL or the embedded PostgreSQL

ARG NODE_IMAGE=node:20-bookworm-slim

# --- deps: every dependency, dev tools included (docker-compose-devel.yml runs the mounted code on it)
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

# --- build: the TypeScript build and the panel's browser bundles -----------------------------------
FROM deps AS build
COPY . .
# tsc -p tsconfig.build.json, then npm run build:admin (public/admin-assets/*.bundle.js)
RUN npm run build

# --- runtime: production dependencies, compiled code, data files and the prebuilt bundles ----------
FROM ${NODE_IMAGE} AS runtime
# The panel is never bundled at start-up: the bundles come from the build stage, and without the
# component sources (admin/components, not copied) the web process has nothing to rebuild.
ENV NODE_ENV=production \
    ADMIN_JS_SKIP_BUNDLE=true \
    HOST=0.0.0.0 \
    PORT=3000
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY --from=build /app/public/admin-assets ./public/admin-assets
COPY resources ./resources
# Code stays owned by root (read-only to the app); data/ is for the embedded PostgreSQL of `node dist/start.js`.
RUN mkdir -p data && chown node:node data
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/admin/server.js"]
