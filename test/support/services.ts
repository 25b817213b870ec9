// Real Redis and PostgreSQL for the tests that need them. On a laptop without them those tests skip
// with a message saying why; in CI (.ci/run sets NEWSROOM_REQUIRE_SERVICES=1) they must run.
import { createConnection } from 'node:net';

export const REDIS_URL = 'redis://127.0.0.1:6379';
export const POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/test';

function reachable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.setTimeout(500);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

const required = process.env.NEWSROOM_REQUIRE_SERVICES === '1';

async function check(name: string, port: number): Promise<boolean> {
  const up = await reachable(port);
  if (!up && required) throw new Error(`${name} is required (NEWSROOM_REQUIRE_SERVICES=1) but nothing answers on 127.0.0.1:${port}`);
  if (!up) console.warn(`skipping ${name} tests: nothing answers on 127.0.0.1:${port} (start ${name} to run them)`);
  return up;
}

export const redisUp = await check('Redis', 6379);
export const postgresUp = await check('PostgreSQL', 5432);
