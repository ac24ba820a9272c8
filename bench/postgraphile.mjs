// PostGraphile 5 over the bench database, the peer that `npm run bench` measures beside this server:
// `DATABASE_URL=… node bench/postgraphile.mjs` serves /graphql on a free loopback port and prints the
// port. Set up as one would run it in production: no watch, no GraphiQL, no explain, no websockets
// (the suite also sets GRAPHILE_ENV=production, so that Grafast skips its development checks).
import http from 'node:http';
import { postgraphile } from 'postgraphile';
import { makePgService } from 'postgraphile/adaptors/pg';
import { grafserv } from 'postgraphile/grafserv/node';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';
import { jsonPgSmartTags } from 'postgraphile/utils';

const pgl = postgraphile({
  extends: [PostGraphileAmberPreset],
  // Amber orders only by indexed columns; the page lists authors by their unindexed position.
  plugins: [
    jsonPgSmartTags({
      version: 1,
      config: { class: { material_author: { attribute: { position: { tags: { behavior: '+orderBy' } } } } } },
    }),
  ],
  pgServices: [makePgService({ connectionString: process.env.DATABASE_URL, schemas: ['public'], pubsub: false })],
  grafserv: { watch: false, graphiql: false, websockets: false },
  grafast: { explain: false },
});
const server = http.createServer();
await pgl.createServ(grafserv).addTo(server);
// The schema is built from the database's introspection before the port is printed, not on the first request.
await pgl.getSchema();
server.listen(0, '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`));
