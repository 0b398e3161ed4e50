/**
 * Neutralising text that came from a program or a trace before it reaches
 * the terminal.
 *
 * A task name, a log line or an error message is data, never terminal
 * control: an ESC byte could move the cursor, clear the screen or retitle the
 * window, and a carriage return could overwrite a row. Every control
 * character is therefore replaced by its visible Unicode "control picture"
 * (ESC becomes `␛`, so `\x1b[2J` shows as `␛[2J`), C1 controls, lone
 * surrogates and bidirectional overrides by `�`, and the result is capped
 * so that a 10 MB name costs one short row. Work is bounded by the cap, not
 * by the input's length.
 *
 * @module
 */

/** Default cap (in UTF-16 units) for a name shown in the UI. */
export const NAME_LIMIT = 60;

/** Default cap for a log line or an error message. */
export const LINE_LIMIT = 500;

// C0 controls and DEL, C1 controls, bidi embeddings/overrides/isolates, lone surrogates.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f]|[\u0080-\u009f\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function picture(char: string): string {
  const code = char.charCodeAt(0);
  if (code === 0x09) return ' ';
  if (code < 0x20) return String.fromCharCode(0x2400 + code);
  if (code === 0x7f) return '\u2421';
  return '\ufffd';
}

/**
 * Returns `text` safe to print on a terminal: control characters become
 * visible symbols and anything longer than `limit` is cut, ending in `…`.
 * Non-strings are converted with `String()`.
 *
 * @example
 * ```ts
 * sanitize('evil\x1b[2Jname');   // 'evil␛[2Jname'
 * sanitize('x'.repeat(1e7), 10); // 'xxxxxxxxx…'
 * ```
 */
export function sanitize(text: unknown, limit: number = NAME_LIMIT): string {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`sanitize(text, limit): limit must be a positive integer, got ${String(limit)}`);
  const raw = typeof text === 'string' ? text : String(text);
  const cut = raw.length > limit;
  // Slice first so a huge input costs no more than the cap; a surrogate pair split here becomes '�'.
  const head = cut ? raw.slice(0, limit - 1) : raw;
  const clean = head.replace(UNSAFE, picture);
  return cut ? `${clean}…` : clean;
}
