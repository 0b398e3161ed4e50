/**
 * Shrinking: delta debugging (Zeller and Hildebrandt's ddmin, 2002) over a
 * failing schedule's deviations from FIFO.
 *
 * `fails(subset)` replays FIFO plus only `subset`. ddmin splits the current
 * failing set into n chunks and tries each chunk alone, then each
 * complement; a failing one becomes the new set (n back to 2, or n − 1 for
 * a complement), otherwise n doubles until chunks are single deviations.
 * The result is 1-minimal: removing any one deviation makes it pass. It
 * costs O(m log m) replays in the usual case and O(m²) at worst for m
 * deviations; `budget` bounds the replays, and whatever failing set is
 * current when it runs out is returned.
 *
 * @module
 */

/** @internal The smallest failing subset of `items` that ddmin finds within `budget` calls of `fails`. */
export async function ddmin<T>(items: readonly T[], fails: (subset: readonly T[]) => Promise<boolean>, budget: number): Promise<T[]> {
  let current = [...items];
  let tries = 0;
  const attempt = async (subset: readonly T[]): Promise<boolean> => {
    tries++;
    return fails(subset);
  };
  if (current.length === 0) return current;
  if (await attempt([])) return [];
  let n = 2;
  while (current.length >= 2 && tries < budget) {
    const size = Math.ceil(current.length / n);
    const chunks: T[][] = [];
    for (let i = 0; i < current.length; i += size) chunks.push(current.slice(i, i + size));
    let reduced = false;
    for (const chunk of chunks) {
      if (tries >= budget) break;
      if (await attempt(chunk)) {
        current = chunk;
        n = 2;
        reduced = true;
        break;
      }
    }
    if (!reduced && chunks.length > 2) {
      for (let i = 0; i < chunks.length && tries < budget; i++) {
        const complement = chunks.filter((_, j) => j !== i).flat();
        if (await attempt(complement)) {
          current = complement;
          n = Math.max(n - 1, 2);
          reduced = true;
          break;
        }
      }
    }
    if (!reduced) {
      if (n >= current.length) break;
      n = Math.min(n * 2, current.length);
    }
  }
  return current;
}
