/**
 * `pnpm demo`: the lesson's gather example on the real clock (about 9 s).
 */
import { run } from '@loop/runtime';
import { main } from './lesson/gather.js';

console.log('loop demo: one randn(), then three and ten gathered (each sleeps 3 s)');
await run(() => main());
