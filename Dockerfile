# syntax=docker/dockerfile:1
# Candor: production image. Build: docker build -t candor .   Run: see docs/deploy.md ("The container").
# The steps below are mirrored in docs/deploy.md; test/deploy/dockerfile.test.ts fails when they drift.

############################ build stage ############################
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY bot ./bot
COPY tab ./tab
RUN npm run build && npm run build:tab

############################ runtime stage ############################
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    CANDOR_MODE=production \
    HOST=0.0.0.0 \
    PORT=3978
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force
COPY --from=build /app/dist ./dist
# tsc does not copy JSON: the policy packs are read from dist/src/policy/packs at run time.
COPY --from=build /app/src/policy/packs ./dist/src/policy/packs
COPY --from=build /app/tab/dist ./tab/dist
COPY config ./config
USER node
EXPOSE 3978
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3978)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/src/main.js"]
