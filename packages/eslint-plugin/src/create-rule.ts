/**
 * typescript-eslint's RuleCreator, with each rule's documentation URL on the
 * docs site's "Lint rules" page.
 */
import { ESLintUtils } from '@typescript-eslint/utils';

/** Extra `meta.docs` fields the plugin's rules declare. */
export interface LoopRuleDocs {
  /** Whether the `recommended` config turns the rule on. */
  recommended: boolean;
  /** Whether the rule needs type information (all of them do). */
  requiresTypeChecking: boolean;
}

export const createRule = ESLintUtils.RuleCreator<LoopRuleDocs>(
  (name) => `https://github.com/loop-ts/loop/blob/main/apps/docs/guides/lint-rules.md#${name}`,
);
