/**
 * A tsup plugin that leaves no character outside ASCII in the JavaScript it
 * writes.
 *
 * esbuild escapes non-ASCII characters in code (its `charset: 'ascii'`, the
 * default) but copies the comments it keeps (a class member's TSDoc) as they
 * are. One such character anywhere makes V8 hold the whole source of the
 * module as two bytes a character, and the parser read it that way:
 * `@loop/runtime` and `@loop/node` together kept 854 KB of heap after their
 * import with seven such characters each (an ellipsis, a dash), 569 KB
 * without. Each one left is written as a `\uXXXX` escape: inside a comment it
 * is only text, and anywhere else esbuild has already escaped it the same
 * way, so the code means what it meant. Source maps stay right: only comment
 * text after the character moves, on its own line.
 *
 * Usage, in a package's tsup.config.ts:
 * `import { asciiOutput } from '../../tooling/scripts/ascii-output.mjs';` and
 * `plugins: [asciiOutput()]`.
 */

const NON_ASCII = /[^\x00-\x7f]/g;

/** `\uXXXX` for one UTF-16 code unit (a character outside the BMP becomes its two surrogates). */
function escape(unit) {
  return `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** The tsup plugin. */
export function asciiOutput() {
  return {
    name: 'ascii-output',
    renderChunk(code, chunk) {
      if (!/\.[cm]?js$/.test(chunk.path)) return undefined;
      const ascii = code.replace(NON_ASCII, escape);
      return ascii === code ? undefined : { code: ascii };
    },
  };
}
