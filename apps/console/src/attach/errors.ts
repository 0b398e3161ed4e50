/**
 * The one error `loop-console ps`/`pstree` report: a one-line reason the
 * target could not be read (not ours, not Node, no loop, opted out, …).
 *
 * @module
 */

/**
 * Why attaching failed, in one line for the user.
 *
 * @example
 * ```ts
 * throw new AttachError(`no loop in process ${pid}`);
 * ```
 */
export class AttachError extends Error {
  override name = 'AttachError';
}
