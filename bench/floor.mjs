// The floor: node:http + pg, one named (prepared) SQL statement per request that returns the finished JSON.
// GET /q1?speaker=<uuid>            Q1 for one speaker
// GET /q2?name=<name>&id=<uuid>     Q2 starting after that speaker
// Environment: DATABASE_URL, PORT, POOL_SIZE (default 10, the service's default pool size).
import http from 'node:http';
import pg from 'pg';
import { Q1_SQL, Q2_SQL } from './lib/queries.mjs';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.POOL_SIZE || 10) });
pool.on('error', (error) => console.error(`floor: database connection lost: ${error.message}`));

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, 'http://floor');
  let query;
  if (url.pathname === '/q1') query = { name: 'floor_q1', text: Q1_SQL, values: [url.searchParams.get('speaker')] };
  else if (url.pathname === '/q2') {
    query = { name: 'floor_q2', text: Q2_SQL, values: [url.searchParams.get('name'), url.searchParams.get('id')] };
  } else {
    res.writeHead(404).end();
    return;
  }
  try {
    const { rows } = await pool.query(query);
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
