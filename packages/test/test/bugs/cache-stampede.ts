/**
 * A cache filled twice: two concurrent misses for one key both load it. The
 * fix caches the load in flight (the task), so the second miss joins it.
 */
import { gather, sleep, spawn, type Operation, type Task } from '@loop/runtime';

interface Cache {
  values: Map<string, number>;
  loading: Map<string, Task<number>>;
  loads: number;
}

function* load(cache: Cache): Operation<number> {
  cache.loads++;
  yield* sleep(0); // the database round trip
  return 42;
}

function* getRacy(cache: Cache, key: string): Operation<number> {
  const hit = cache.values.get(key);
  if (hit !== undefined) return hit;
  const value = yield* load(cache);
  cache.values.set(key, value);
  return value;
}

function* getOnce(cache: Cache, key: string): Operation<number> {
  const hit = cache.values.get(key);
  if (hit !== undefined) return hit;
  let task = cache.loading.get(key);
  if (task === undefined) {
    task = yield* spawn(load(cache), { name: `load ${key}` });
    cache.loading.set(key, task);
  }
  const value = yield* task;
  cache.values.set(key, value);
  return value;
}

function* client(cache: Cache, get: typeof getRacy, warmUp: number): Operation<number> {
  for (let i = 0; i < warmUp; i++) yield* sleep(0);
  return yield* get(cache, 'user:1');
}

function* program(get: typeof getRacy): Operation<void> {
  const cache: Cache = { values: new Map(), loading: new Map(), loads: 0 };
  const a = yield* spawn(client(cache, get, 0), { name: 'client#1' });
  const b = yield* spawn(client(cache, get, 1), { name: 'client#2' });
  yield* gather(a, b);
  if (cache.loads !== 1) throw new Error(`user:1 was loaded ${cache.loads} times`);
}

export const cacheStampede = {
  name: 'a cache filled twice by two concurrent misses',
  buggy: () => program(getRacy),
  fixed: () => program(getOnce),
  maxDeviations: 1,
};
