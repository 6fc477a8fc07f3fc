# syntax=docker/dockerfile:1
# One image per app from one file: docker build --build-arg APP=gateway -t alltokens-gateway .
# APP is gateway, router, analytics or simulator. Every image also carries the migration tool
# (`node --experimental-wasm-modules tools/db/cli.mjs migrate`), which the Kubernetes Job and
# docker-compose's `migrate` service run from the gateway image.
ARG NODE_IMAGE=node:24-slim
ARG APP

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN node tools/build.mjs

FROM ${NODE_IMAGE} AS production-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=production-deps /app/node_modules ./node_modules
COPY package.json package-lock.json ./
COPY --from=build /app/dist ./dist
COPY config ./config
COPY prisma ./prisma
COPY tools/db ./tools/db
# The image's `node` user by number, so Kubernetes' runAsNonRoot can verify it.
USER 1000:1000

# Each app with the Node flags it runs with everywhere (tools/stack/stack.ts; a test keeps them equal):
# --liftoff-only for the services using Prisma (its WebAssembly query compiler, ≈ 90 MB less RSS),
# --no-memory-reducer for those on a request's path (no compacting GC pauses mid-stream),
# --max-old-space-size=1024 for all three (V8 then lets the old space grow to ≈ 1.6 × the live heap
# between full collections instead of 4 ×; keep a container's memory limit above it).
FROM runtime AS app-gateway
ENV APP=gateway NODE_FLAGS="--liftoff-only --no-memory-reducer --max-old-space-size=1024"
EXPOSE 8080

FROM runtime AS app-router
ENV APP=router NODE_FLAGS="--no-memory-reducer --max-old-space-size=1024"
EXPOSE 8081

FROM runtime AS app-analytics
ENV APP=analytics NODE_FLAGS="--liftoff-only --max-old-space-size=1024"
EXPOSE 8082

FROM runtime AS app-simulator
ENV APP=simulator NODE_FLAGS="" SIM_HOST=0.0.0.0
EXPOSE 4010

FROM app-${APP}
# `exec` makes node PID 1, so SIGTERM reaches the app's graceful shutdown.
CMD ["sh", "-c", "exec node $NODE_FLAGS dist/apps/$APP/src/main.js"]
