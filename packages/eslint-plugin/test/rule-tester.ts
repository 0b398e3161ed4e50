/**
 * typescript-eslint's RuleTester on vitest, with type information from
 * test/fixtures (each case is checked as fixtures/file.ts, which resolves
 * @loop/runtime to this workspace's build like a user's project would).
 */
import { RuleTester } from '@typescript-eslint/rule-tester';
import { join } from 'node:path';
import { afterAll, describe, it } from 'vitest';

RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

export const ruleTester = new RuleTester({
  languageOptions: {
    parserOptions: {
      projectService: true,
      tsconfigRootDir: join(import.meta.dirname, 'fixtures'),
    },
  },
});

/** The imports every case starts with. */
export const imports = `import { gather, run, sleep, spawn, taskGroup, type Operation, type Task } from '@loop/runtime';\n`;
