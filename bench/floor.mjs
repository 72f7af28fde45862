// The floor: node:http + pg, one named (prepared) SQL statement per request that returns the finished JSON.
// GET /<query>?p=<$1>&p=<$2>...     runs that query's statement (lib/queries.mjs FLOOR_SQL) with those values, e.g.
// GET /q1?p=<speaker uuid>           Q1 for one speaker
// GET /q2?p=<name>&p=<uuid>          Q2 starting after that speaker
// Environment: DATABASE_URL, PORT, POOL_SIZE (default 10, the service's default pool size).
import http from 'node:http';
import pg from 'pg';
import { FLOOR_SQL } from './lib/queries.mjs';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.POOL_SIZE || 10) });
pool.on('error', (error) => console.error(`floor: database connection lost: ${error.message}`));

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, 'http://floor');
  const name = url.pathname.slice(1);
  if (!Object.hasOwn(FLOOR_SQL, name)) {
    res.writeHead(404).end();
    return;
  }
  const query = { name: `floor_${name}`, text: FLOOR_SQL[name], values: url.searchParams.getAll('p') };
  try {
    const { rows } = await pool.query(query);
    if (!rows.length) throw new Error('not found');
    const body = rows[0].body;
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  } catch (error) {
    res.writeHead(500, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ errors: [{ message: error.message }] }));
  }
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.env.PORT || 0), '127.0.0.1', () => console.log(`floor ready on port ${server.address().port}`));
const stop = () => server.close(() => pool.end().then(() => process.exit(0)));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
