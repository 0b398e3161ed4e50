import { preferNamedCoroutine } from '../../src/rules/prefer-named-coroutine.js';
import { imports, ruleTester } from '../rule-tester.js';

ruleTester.run('prefer-named-coroutine', preferNamedCoroutine, {
  valid: [
    { code: `${imports}function* worker(id: number): Operation<number> { yield* sleep(id); return id; }\nfunction* main(): Operation<void> { yield* gather(...[1, 2, 3].map((id) => worker(id))); }` },
    { code: `${imports}function* main(): Operation<void> { yield* taskGroup(function* (group) { group.spawn(sleep(1)); }); }` },
    { code: `${imports}await run(function* () { yield* sleep(1); });` },
    { code: `${imports}const ops = [1, 2].map(function* (id: number) { yield* sleep(id); });` },
  ],
  invalid: [
    {
      code: `${imports}function* main(): Operation<void> { yield* gather(...[1, 2, 3].map((id) => (function* () { yield* sleep(id); })())); }`,
      errors: [{ messageId: 'perItem' }],
    },
    {
      code: `${imports}function* main(): Operation<void> { yield* taskGroup(function* (group) { for (const id of [1, 2, 3]) group.spawn((function* () { yield* sleep(id); })()); }); }`,
      errors: [{ messageId: 'perItem' }],
    },
    {
      code: `${imports}const results = Array.from({ length: 3 }, (_, id) => run(function* () { yield* sleep(id); return id; }));`,
      errors: [{ messageId: 'perItem' }],
    },
  ],
});
