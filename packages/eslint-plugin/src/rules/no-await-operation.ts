/**
 * `no-await-operation`: `await op` in async code, where `op` is an operation
 * that is not already running (not a `Task`). Awaiting it does not run it:
 * the runtime rejects with a TypeError that names the two ways to run it,
 * and the rule points to the same two — `yield*` inside a coroutine, or
 * `await run(op)` from async code (offered as a suggestion when `run` is in
 * scope).
 */
import { ESLintUtils, type TSESLint } from '@typescript-eslint/utils';
import { createRule } from '../create-rule.js';
import { isOperationNode } from '../operation-type.js';

type MessageIds = 'awaitOperation' | 'wrapInRun';

export const noAwaitOperation = createRule<[], MessageIds>({
  name: 'no-await-operation',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow `await` on an operation: run it with `yield*` inside a coroutine, or `await run(op)`',
      recommended: true,
      requiresTypeChecking: true,
    },
    hasSuggestions: true,
    messages: {
      awaitOperation:
        '`await` does not run an operation (the runtime rejects with a TypeError). Use `yield*` on it inside a coroutine, or `await run(op)` from async code.',
      wrapInRun: 'Run it on a loop: `await run(…)`.',
    },
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    const services = ESLintUtils.getParserServices(context);
    const source = context.sourceCode;
    return {
      AwaitExpression(node) {
        const { operation, thenable } = isOperationNode(node.argument, services);
        if (!operation || thenable) return;
        const runInScope = findVariable(source.getScope(node), 'run');
        const suggest: TSESLint.ReportSuggestionArray<MessageIds> = runInScope
          ? [{ messageId: 'wrapInRun', fix: (fixer) => fixer.replaceText(node.argument, `run(${source.getText(node.argument)})`) }]
          : [];
        context.report({ node, messageId: 'awaitOperation', suggest });
      },
    };
  },
});

function findVariable(scope: TSESLint.Scope.Scope | null, name: string): boolean {
  for (let current = scope; current !== null; current = current.upper) {
    if (current.set.has(name)) return true;
  }
  return false;
}
