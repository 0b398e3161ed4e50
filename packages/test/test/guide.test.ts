/**
 * The example of the "Finding races" guide (apps/docs/guides/finding-races.md)
 * and of the README: the failure text they show is this run's, word for word.
 */
import { rmSync } from 'node:fs';
import { expect, test } from 'vitest';
import { gather, sleep, spawn, type Operation } from '@loop/runtime';
import { explore } from '../src/index.js';

interface Account {
  balance: number;
}

/** Parsing a request takes one step per line. */
function* parse(request: string[]): Operation<number> {
  for (const _line of request) yield* sleep(0);
  return Number(request[0]);
}

function* withdraw(account: Account, request: string[]): Operation<boolean> {
  const amount = yield* parse(request);
  if (account.balance < amount) return false;
  yield* sleep(0); // ask the fraud service
  account.balance -= amount;
  return true;
}

function* twoWithdrawals(): Operation<void> {
  const account: Account = { balance: 100 };
  const first = yield* spawn(withdraw(account, ['80']), { name: 'withdraw#1' });
  const second = yield* spawn(withdraw(account, ['80', 'memo: rent']), { name: 'withdraw#2' });
  yield* gather(first, second);
  if (account.balance < 0) throw new Error(`overdrawn: balance ${account.balance}`);
}

test('the guide’s two withdrawals: plain FIFO passes, explore finds the overdraft and shrinks it to one reordering', async () => {
  await expect(explore(twoWithdrawals, { seed: 0 })).resolves.toMatchObject({ schedules: 1 });
  const error = await explore(twoWithdrawals, { schedules: 2000, name: 'two withdrawals never overdraw' }).catch((caught: unknown) => caught);
  expect((error as Error).message).toBe(
    [
      'explore: schedule 906718343 failed (pct, depth 3; after 3 schedules): Error: overdrawn: balance -60',
      "  shrunk to 1 deviation from FIFO (the seed's run had 3): FIFO except: at step 4, ran `withdraw#2` before `withdraw#1`",
      '  trace: .loop/failures/two-withdrawals-never-overdraw-906718343.jsonl',
      '  replay: LOOP_EXPLORE_SEED=906718343, or explore(program, { seed: 906718343 })',
    ].join('\n'),
  );
  rmSync('.loop/failures/two-withdrawals-never-overdraw-906718343.jsonl');
});

test('the README’s inline version of the same program fails the same way', async () => {
  function* withdrawInline(account: { balance: number }, request: string[]): Operation<boolean> {
    for (const _line of request) yield* sleep(0); // parse the request
    const amount = Number(request[0]);
    if (account.balance < amount) return false;
    yield* sleep(0); // ask the fraud service
    account.balance -= amount;
    return true;
  }
  const error = await explore(function* () {
    const account = { balance: 100 };
    const first = yield* spawn(withdrawInline(account, ['80']), { name: 'withdraw#1' });
    const second = yield* spawn(withdrawInline(account, ['80', 'memo: rent']), { name: 'withdraw#2' });
    yield* gather(first, second);
    if (account.balance < 0) throw new Error(`overdrawn: balance ${account.balance}`);
  }, { schedules: 2000, failuresDir: null }).catch((caught: unknown) => caught);
  expect(error).toMatchObject({ seed: 906718343, schedules: 3, originalDeviations: 3, schedule: 'FIFO except: at step 4, ran `withdraw#2` before `withdraw#1`' });
});
