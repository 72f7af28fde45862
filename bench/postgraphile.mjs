// PostGraphile 5 over the benchmark database: the third target, the competitor the product compares itself with.
// Production settings: no GraphiQL, no watch mode, no plan explanations, a pg pool of 10 (the service's default).
// Before building its schema it (re)creates the schema `bench_pg` with the few SQL functions PostGraphile needs for
// what plain foreign keys do not give (see PG_FUNCTIONS below). `bench_pg` lives in the benchmark database only,
// never in the service's migrations.
// Environment: DATABASE_URL, PORT, POOL_SIZE (default 10).

// PostGraphile 5 wants Node 22 (`Promise.withResolvers`); Node 20 gets the polyfill before it is loaded.
if (typeof Promise.withResolvers !== 'function') {
  Promise.withResolvers = function withResolvers() {
    let resolve;
    let reject;
    const promise = new this((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
}
process.env.NODE_ENV ??= 'production';

const { default: pg } = await import('pg');
const { createServer } = await import('node:http');
const { postgraphile } = await import('postgraphile');
const { PostGraphileAmberPreset } = await import('postgraphile/presets/amber');
const { makePgService } = await import('postgraphile/adaptors/pg');
const { grafserv } = await import('postgraphile/grafserv/node');
const { jsonPgSmartTags } = await import('postgraphile/utils');
const { PG_FUNCTIONS, PG_HIDDEN_TABLES, PG_ORDER_BY } = await import('./lib/queries.mjs');

const connectionString = process.env.DATABASE_URL;
const setup = new pg.Client({ connectionString });
await setup.connect();
await setup.query(PG_FUNCTIONS);
await setup.end();

const pool = new pg.Pool({ connectionString, max: Number(process.env.POOL_SIZE || 10) });
pool.on('error', (error) => console.error(`postgraphile: database connection lost: ${error.message}`));

/** @type {GraphileConfig.Preset} */
const preset = {
  extends: [PostGraphileAmberPreset],
  plugins: [
    // Tables none of the queries need (API keys, revisions...) stay out of the schema.
    // Columns the queries sort by that have no index of their own (PostGraphile only offers indexed orderings).
    jsonPgSmartTags({
      version: 1,
      config: {
        class: {
          ...Object.fromEntries(PG_HIDDEN_TABLES.map((t) => [t, { tags: { behavior: '-*' } }])),
          ...Object.fromEntries(
            Object.entries(PG_ORDER_BY).map(([t, columns]) => [
              t,
              { attribute: Object.fromEntries(columns.map((c) => [c, { tags: { behavior: '+orderBy' } }])) },
            ]),
          ),
        },
      },
    }),
  ],
  pgServices: [makePgService({ pool, schemas: ['public', 'bench_pg'] })],
  grafserv: { graphqlPath: '/graphql', graphiql: false, graphiqlOnGraphQLGET: false, watch: false },
  grafast: { explain: false },
};

const pgl = postgraphile(preset);
const serv = pgl.createServ(grafserv);
const server = createServer();
server.keepAliveTimeout = 60_000;
serv.addTo(server).catch((error) => {
  console.error(error);
  process.exit(1);
});
await pgl.getSchema(); // build the schema before saying ready
server.listen(Number(process.env.PORT || 0), '127.0.0.1', () => console.log(`postgraphile ready on port ${server.address().port}`));
const stop = () =>
  server.close(() =>
    pgl
      .release()
      .then(() => pool.end())
      .then(() => process.exit(0)),
  );
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
