/**
 * `no-floating-operation`: an operation created as a statement and dropped.
 * Calling `sleep(10)` or a coroutine does nothing until something runs the
 * result (`yield*`, `spawn`, `run`), so a bare `sleep(10);` is a bug — the
 * generator-coroutine form of typescript-eslint's `no-floating-promises`.
 * Returning, storing or passing the operation on is fine; so is a `Task`
 * (it is already running).
 */
import { AST_NODE_TYPES, ESLintUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { createRule } from '../create-rule.js';
import { isOperationNode } from '../operation-type.js';

type MessageIds = 'floating' | 'addYieldStar';

/** True when `node` sits directly in a generator function (where `yield*` is allowed). */
function inGenerator(node: TSESTree.Node): boolean {
  for (let current = node.parent; current != null; current = current.parent) {
    if (current.type === AST_NODE_TYPES.FunctionDeclaration || current.type === AST_NODE_TYPES.FunctionExpression) return current.generator && !current.async;
    if (current.type === AST_NODE_TYPES.ArrowFunctionExpression) return false;
  }
  return false;
}

export const noFloatingOperation = createRule<[], MessageIds>({
  name: 'no-floating-operation',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require operations (sleep(…), spawn(…), a coroutine call) to be run with `yield*` or `run`, returned or stored',
      recommended: true,
      requiresTypeChecking: true,
    },
    hasSuggestions: true,
    messages: {
      floating:
        'This operation is created and never run: an operation does nothing until something runs it. Use `yield*` on it inside a coroutine, or `await run(op)` from async code.',
      addYieldStar: 'Run it here with `yield*`.',
    },
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    const services = ESLintUtils.getParserServices(context);
    return {
      ExpressionStatement(statement) {
        const expression = statement.expression;
        if (
          expression.type === AST_NODE_TYPES.AssignmentExpression ||
          expression.type === AST_NODE_TYPES.YieldExpression ||
          expression.type === AST_NODE_TYPES.AwaitExpression ||
          expression.type === AST_NODE_TYPES.Literal
        ) {
          return;
        }
        const { operation, thenable } = isOperationNode(expression, services);
        if (!operation || thenable) return;
        const suggest: TSESLint.ReportSuggestionArray<MessageIds> = inGenerator(statement)
          ? [{ messageId: 'addYieldStar', fix: (fixer) => fixer.insertTextBefore(expression, 'yield* ') }]
          : [];
        context.report({ node: expression, messageId: 'floating', suggest });
      },
    };
  },
});
