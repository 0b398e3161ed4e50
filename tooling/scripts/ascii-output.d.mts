/** The tsup plugin (the part of tsup's plugin shape it fills in). */
export interface AsciiOutputPlugin {
  name: string;
  renderChunk(code: string, chunk: { path: string }): { code: string } | undefined;
}

/** A tsup plugin: every character outside ASCII left in the written JavaScript (esbuild keeps comments as they are) becomes a `\uXXXX` escape. */
export function asciiOutput(): AsciiOutputPlugin;
