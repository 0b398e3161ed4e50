/** Synchronization primitives (filled in by the primitives work). @module */
export {};
