import { noFloatingOperation } from '../../src/rules/no-floating-operation.js';
import { imports, ruleTester } from '../rule-tester.js';

ruleTester.run('no-floating-operation', noFloatingOperation, {
  valid: [
    { code: `${imports}function* main(): Operation<void> { yield* sleep(10); }` },
    { code: `${imports}function* main(): Operation<void> { const op = sleep(10); yield* op; }` },
    { code: `${imports}function wait(): Operation<void> { return sleep(10); }` },
    { code: `${imports}await run(function* () { yield* sleep(10); });` },
    { code: `${imports}function* main(): Operation<void> { yield* taskGroup(function* (group) { group.spawn(sleep(10)); }); }` },
    { code: `${imports}declare const task: Task<number>; task;` },
    { code: `${imports}function* main(): Operation<void> { yield* gather(sleep(1), sleep(2)); }` },
    { code: `function log(): void {} log();` },
  ],
  invalid: [
    {
      code: `${imports}function* main(): Operation<void> { sleep(10); }`,
      errors: [{ messageId: 'floating', suggestions: [{ messageId: 'addYieldStar', output: `${imports}function* main(): Operation<void> { yield* sleep(10); }` }] }],
    },
    {
      code: `${imports}function* randn(): Operation<number> { yield* sleep(3000); return 4; }\nfunction* main(): Operation<void> { randn(); }`,
      errors: [{ messageId: 'floating', suggestions: [{ messageId: 'addYieldStar', output: `${imports}function* randn(): Operation<number> { yield* sleep(3000); return 4; }\nfunction* main(): Operation<void> { yield* randn(); }` }] }],
    },
    {
      code: `${imports}function* main(): Operation<void> { spawn(sleep(10)); }`,
      errors: [{ messageId: 'floating', suggestions: [{ messageId: 'addYieldStar', output: `${imports}function* main(): Operation<void> { yield* spawn(sleep(10)); }` }] }],
    },
    {
      code: `${imports}function* worker() { yield* sleep(1); }\nasync function start(): Promise<void> { worker(); }`,
      errors: [{ messageId: 'floating', suggestions: [] }],
    },
  ],
});
