/**
 * What the rules call an operation, read from TypeScript's types: anything
 * whose `[Symbol.iterator]()` returns an iterator yielding the runtime's
 * `Instruction` — `Operation<T>`, a coroutine's generator object
 * (`Generator<Instruction, T>`), what `sleep`, `spawn` and `gather` return.
 * A `Task` is an operation too, but also a `PromiseLike` that is already
 * running, so `isThenable` lets the rules leave it alone where awaiting or
 * dropping it is fine.
 *
 * The check is structural on purpose: it holds for the types of any installed
 * copy of @loop/runtime, and for a user's own `Operation`-returning helpers.
 */
import type { ParserServicesWithTypeInformation, TSESTree } from '@typescript-eslint/utils';
import ts from 'typescript';

/** The runtime's instruction class, by the name its declaration files give it. */
const INSTRUCTION = 'Instruction';

function isInstruction(type: ts.Type): boolean {
  const symbol = type.getSymbol() ?? type.aliasSymbol;
  return symbol?.getName() === INSTRUCTION;
}

/** The yield type of the iterator `type[Symbol.iterator]()` returns, when it is a generic iterator type. */
function iteratedYieldType(type: ts.Type, checker: ts.TypeChecker, at: ts.Node): ts.Type | undefined {
  const iterator = type.getProperties().find((property) => property.getName().startsWith('__@iterator'));
  if (iterator === undefined) return undefined;
  const method = checker.getTypeOfSymbolAtLocation(iterator, at);
  const signature = method.getCallSignatures()[0];
  if (signature === undefined) return undefined;
  const returned = signature.getReturnType();
  if (!(returned.flags & ts.TypeFlags.Object) || !((returned as ts.ObjectType).objectFlags & ts.ObjectFlags.Reference)) return undefined;
  return checker.getTypeArguments(returned as ts.TypeReference)[0];
}

/** True when every non-nullish part of `type` is a runtime operation. */
export function isOperationType(type: ts.Type, checker: ts.TypeChecker, at: ts.Node): boolean {
  const parts = type.isUnion() ? type.types : [type];
  let found = false;
  for (const part of parts) {
    if (part.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null | ts.TypeFlags.Void)) continue;
    const yielded = iteratedYieldType(part, checker, at);
    if (yielded === undefined || !isInstruction(yielded)) return false;
    found = true;
  }
  return found;
}

/** True when `type` has a callable `then` (a `Task`, a promise): awaiting it is meaningful. */
export function isThenable(type: ts.Type, checker: ts.TypeChecker, at: ts.Node): boolean {
  const parts = type.isUnion() ? type.types : [type];
  return parts.some((part) => {
    const then = part.getProperty('then');
    return then !== undefined && checker.getTypeOfSymbolAtLocation(then, at).getCallSignatures().length > 0;
  });
}

/** The operation check for an ESTree node, through the parser services. */
export function isOperationNode(node: TSESTree.Node, services: ParserServicesWithTypeInformation): { operation: boolean; thenable: boolean } {
  const checker = services.program.getTypeChecker();
  const tsNode = services.esTreeNodeToTSNodeMap.get(node);
  const type = services.getTypeAtLocation(node);
  return { operation: isOperationType(type, checker, tsNode), thenable: isThenable(type, checker, tsNode) };
}
