/**
 * Aligned text columns for the terminal outputs. Widths count code points,
 * which is right for everything we print (digits, µ, ±, block elements).
 * ANSI colour is applied after padding, so it never skews alignment.
 *
 * @module
 */

/** One cell: its text, and an optional colour applied after padding. */
export interface Cell {
  text: string;
  style?: Style;
}

/** The few SGR styles the outputs use. */
export type Style = 'bold' | 'dim' | 'green' | 'red' | 'yellow' | 'cyan';

const SGR: Record<Style, string> = { bold: '1', dim: '2', green: '32', red: '31', yellow: '33', cyan: '36' };

/** @internal Wraps `text` in an SGR style when colour is on. */
export function paint(text: string, style: Style | undefined, color: boolean): string {
  return color && style !== undefined && text !== '' ? `\u001b[${SGR[style]}m${text}\u001b[0m` : text;
}

/** @internal Renders rows of cells; `align[i]` is 'left' or 'right' for column i. */
export function renderColumns(rows: readonly (readonly Cell[])[], align: readonly ('left' | 'right')[], color: boolean, indent = '  '): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, [...cell.text].length);
    });
  }
  return rows.map((row) => {
    const cells = row.map((cell, i) => {
      const pad = ' '.repeat((widths[i] ?? 0) - [...cell.text].length);
      const padded = align[i] === 'right' ? pad + cell.text : i === row.length - 1 ? cell.text : cell.text + pad;
      return paint(padded, cell.style, color);
    });
    return (indent + cells.join('  ')).trimEnd();
  });
}

const PARTS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/** @internal A bar of `fraction` (0..1) of `width` cells, in eighths of a cell. */
export function bar(fraction: number, width: number): string {
  const eighths = Math.round(Math.min(1, Math.max(0, fraction)) * width * 8);
  const text = '█'.repeat(Math.floor(eighths / 8)) + PARTS[eighths % 8]!;
  // A non-zero figure always shows at least a sliver.
  return text === '' && fraction > 0 ? '▏' : text;
}

/** @internal Colour on when stdout is a terminal and NO_COLOR is not set (https://no-color.org). */
export function colorByDefault(): boolean {
  return process.stdout.isTTY === true && process.env['NO_COLOR'] === undefined;
}
