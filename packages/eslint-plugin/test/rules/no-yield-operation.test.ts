import { noYieldOperation } from '../../src/rules/no-yield-operation.js';
import { imports, ruleTester } from '../rule-tester.js';

ruleTester.run('no-yield-operation', noYieldOperation, {
  valid: [
    { code: `${imports}function* main(): Operation<void> { yield* sleep(10); }` },
    { code: `function* numbers(): Generator<number> { yield 1; yield 2; }` },
    { code: `function* nothing(): Generator<undefined> { yield; }` },
  ],
  invalid: [
    {
      code: `${imports}function* main(): Generator<unknown> { yield sleep(10); }`,
      output: `${imports}function* main(): Generator<unknown> { yield* sleep(10); }`,
      errors: [{ messageId: 'yieldWithoutStar' }],
    },
    {
      code: `${imports}function* randn(): Operation<number> { yield* sleep(3000); return 4; }\nfunction* main(): Generator<unknown> { const n = yield randn(); return n; }`,
      output: `${imports}function* randn(): Operation<number> { yield* sleep(3000); return 4; }\nfunction* main(): Generator<unknown> { const n = yield* randn(); return n; }`,
      errors: [{ messageId: 'yieldWithoutStar' }],
    },
  ],
});
