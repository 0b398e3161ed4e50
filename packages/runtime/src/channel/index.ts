/**
 * Memory channels (Trio's): `channel(capacity)` returns `[send, receive]`
 * ends that move values between tasks, and from callbacks and async code,
 * with backpressure, cloning and close semantics. The receive end is a
 * `Stream`, so `forEach` and the stream combinators read it.
 *
 * @module
 */
export { channel } from './channel.js';
export type { ChannelEnd } from './end.js';
export { ReceiveChannel } from './receive.js';
export { SendChannel } from './send.js';
export type { ChannelStatistics } from './state.js';
