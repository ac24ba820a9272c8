# The application image; PostgreSQL and Meilisearch run as their own official images (docker-compose.yml).
FROM node:24-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
COPY server/package.json server/
COPY search/package.json search/
COPY client/package.json client/
RUN npm ci --omit=dev --no-audit --no-fund
COPY . .
RUN npm run build -w client
RUN mkdir -p /app/.data && chown node:node /app/.data
USER node
EXPOSE 4000
# Run node directly (not through npm) so that SIGTERM from `docker stop` reaches the server.
CMD ["node", "--import", "tsx", "server/src/cli.ts", "start"]
