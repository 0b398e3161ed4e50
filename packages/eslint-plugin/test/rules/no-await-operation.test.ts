import { noAwaitOperation } from '../../src/rules/no-await-operation.js';
import { imports, ruleTester } from '../rule-tester.js';

ruleTester.run('no-await-operation', noAwaitOperation, {
  valid: [
    { code: `${imports}await run(function* () { yield* sleep(10); });` },
    { code: `${imports}await run(() => sleep(10));` },
    { code: `${imports}declare const task: Task<number>; const n: number = await task;` },
    { code: `async function f(): Promise<number> { return await Promise.resolve(1); }` },
  ],
  invalid: [
    {
      code: `${imports}await sleep(10);`,
      errors: [{ messageId: 'awaitOperation', suggestions: [{ messageId: 'wrapInRun', output: `${imports}await run(sleep(10));` }] }],
    },
    {
      code: `${imports}function* randn(): Operation<number> { yield* sleep(3000); return 4; }\nasync function main(): Promise<void> { await randn(); }`,
      errors: [{ messageId: 'awaitOperation', suggestions: [{ messageId: 'wrapInRun', output: `${imports}function* randn(): Operation<number> { yield* sleep(3000); return 4; }\nasync function main(): Promise<void> { await run(randn()); }` }] }],
    },
    {
      code: `import { sleep } from '@loop/runtime';\nawait sleep(10);`,
      errors: [{ messageId: 'awaitOperation', suggestions: [] }],
    },
  ],
});
