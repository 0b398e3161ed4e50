/**
 * `no-yield-operation`: `yield op` without the star inside a coroutine. The
 * loop drives a coroutine through `yield*`; a plain `yield` hands the loop
 * the operation object itself, which the runtime rejects with a TypeError at
 * run time. The rule says so while typing, and the fix adds the star.
 */
import { ESLintUtils } from '@typescript-eslint/utils';
import { createRule } from '../create-rule.js';
import { isOperationNode } from '../operation-type.js';

export const noYieldOperation = createRule<[], 'yieldWithoutStar'>({
  name: 'no-yield-operation',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require `yield*`, not `yield`, to run an operation inside a coroutine',
      recommended: true,
      requiresTypeChecking: true,
    },
    fixable: 'code',
    messages: {
      yieldWithoutStar:
        '`yield` without `*` hands the loop the operation object instead of running it (the task fails with a TypeError). Use `yield*` to run the operation.',
    },
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    const services = ESLintUtils.getParserServices(context);
    const source = context.sourceCode;
    return {
      YieldExpression(node) {
        if (node.delegate || node.argument === null) return;
        if (!isOperationNode(node.argument, services).operation) return;
        context.report({
          node,
          messageId: 'yieldWithoutStar',
          fix: (fixer) => {
            const keyword = source.getFirstToken(node);
            return keyword === null ? null : fixer.insertTextAfter(keyword, '*');
          },
        });
      },
    };
  },
});
