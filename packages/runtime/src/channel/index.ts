/** Memory channels (filled in by the channels work). @module */
export {};
