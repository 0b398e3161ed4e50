/** Streams: async generators as stream coroutines, their consumption and combinators. @module */
export { Stream, isStream, stream, type Subscription } from './stream.js';
export { fromAsyncIterable } from './from-async-iterable.js';
export { forEach, iterate, type StreamSource } from './for-each.js';
export type { Awaitable, Settled, Stage, StreamValue, Terminal } from './stage.js';
export { pipe, type Piped } from './pipe.js';
export { filter, map, type TransformOptions } from './transform.js';
export { skip, take, takeWhile } from './slice.js';
export { collect, reduce, scan } from './fold.js';
export { batch, type BatchOptions } from './batch.js';
export { buffer } from './buffer.js';
export { concat } from './concat.js';
export { merge } from './merge.js';
export { zip } from './zip.js';
export { interval } from './interval.js';
export { debounce } from './debounce.js';
export { throttle } from './throttle.js';
