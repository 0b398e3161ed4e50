/** Streams: async generators as stream coroutines, their consumption and combinators. @module */
export { Stream, isStream, stream, type Subscription } from './stream.js';
export { fromAsyncIterable } from './from-async-iterable.js';
export { forEach, iterate, type StreamSource } from './for-each.js';
