// An open loop: requests start on a fixed schedule (`rate` per second, evenly spaced) whether or not earlier ones
// have been answered, over as many keep-alive connections as that takes. Latency counts from the time a request was
// due, so a target (or a load generator) that falls behind shows it in the percentiles instead of hiding it by
// sending less (no coordinated omission).
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * `operation()` returns the steps of one operation: functions that take the previous step's parsed answer and
 * return a request `{ method, path, headers, body }` (most operations have one step). Resolves, once every started
 * operation has finished (or `drainMs` has passed), to the same fields autocannon reports that the benchmark uses.
 */
export async function openLoop({ url, rate, seconds, operation, drainMs = 30_000 }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
  const latencies = [];
  let bytes = 0;
  let non2xx = 0;
  let errors = 0;
  let doneInWindow = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  const pending = new Set();

  const send = (req, since) =>
    new Promise((resolve) => {
      const r = http.request(`${url}${req.path}`, { method: req.method, headers: req.headers, agent }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const now = performance.now();
          latencies.push(now - since);
          if (now <= end) doneInWindow++;
          const body = Buffer.concat(chunks);
          // status line + headers as received, approximately, + body (autocannon counts the same)
          bytes += body.length + 17 + res.rawHeaders.reduce((n, h) => n + h.length + 2, 0) + 2;
          if (res.statusCode < 200 || res.statusCode > 299) non2xx++;
          let json;
          try {
            json = JSON.parse(body.toString('utf8'));
          } catch {
            json = undefined;
          }
          resolve(json);
        });
        res.on('error', () => {
          errors++;
          resolve(undefined);
        });
      });
      r.on('error', () => {
        errors++;
        resolve(undefined);
      });
      r.end(req.body);
    });

  const run = async (due) => {
    let answer;
    let since = due;
    for (const step of operation()) {
      answer = await send(step(answer), since);
      since = performance.now();
    }
  };

  for (let i = 0; ; i++) {
    const due = start + (i * 1000) / rate;
    if (due >= end) break;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const p = run(due);
    pending.add(p);
    void p.finally(() => pending.delete(p));
  }
  const remaining = Math.max(0, end - performance.now());
  await sleep(remaining);
  const drained = await Promise.race([Promise.all(pending).then(() => true), sleep(drainMs).then(() => false)]);
  agent.destroy();
  const sorted = latencies.sort((a, b) => a - b);
  const pct = (p) => (sorted.length ? Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]) : NaN);
  return {
    requests: { total: latencies.length },
    inWindow: doneInWindow,
    duration: seconds,
    latency: { p50: pct(50), p90: pct(90), p99: pct(99) },
    non2xx,
    errors,
    timeouts: drained ? 0 : pending.size,
    throughput: { total: bytes },
  };
}
