import { describe, expect, test } from 'vitest';
import { chainText, locationText, psLines, pstreeLines, treeOrder, whereChain, type WhereEntry } from '../../src/model/where.js';
import { ENTRIES } from '../helpers.js';

const at = (line: number, text: string) => ({ file: '/app/demo.js', line, column: 3, text });

describe('where', () => {
  test('a chain runs from the outermost ancestor to the task', () => {
    expect(whereChain(ENTRIES, 4).map((e) => e.id)).toEqual([1, 3, 4]);
    expect(whereChain(ENTRIES, 1).map((e) => e.id)).toEqual([1]);
    expect(whereChain(ENTRIES, 99)).toEqual([]);
  });

  test('the chain reads like a stack, each task at the line it waits on', () => {
    expect(chainText(whereChain(ENTRIES, 2))).toBe('main demo.js:20 → randn demo.js:12');
    expect(chainText(whereChain(ENTRIES, 4))).toBe('main demo.js:20 → randn demo.js:13 → helper');
  });

  test('a cycle or a missing parent ends the chain', () => {
    const cycle: WhereEntry[] = [
      { id: 1, name: 'a', parentId: 2, state: 'suspended', waitingOn: null, location: null },
      { id: 2, name: 'b', parentId: 1, state: 'suspended', waitingOn: null, location: null },
    ];
    expect(whereChain(cycle, 1).map((e) => e.id)).toEqual([2, 1]);
    expect(treeOrder(cycle)).toEqual([]);
    expect(whereChain([{ ...ENTRIES[1]!, parentId: 7 }], 2).map((e) => e.id)).toEqual([2]);
  });

  test('tree order puts each task after its parent, siblings by id; an orphan goes to the top', () => {
    expect(treeOrder(ENTRIES).map(({ entry, depth }) => `${depth}:${entry.id}`)).toEqual(['0:1', '1:2', '1:3', '2:4']);
    expect(treeOrder([ENTRIES[3]!, ENTRIES[2]!]).map(({ entry, depth }) => `${depth}:${entry.id}`)).toEqual(['0:3', '1:4']);
  });

  test('locations drop the directories unless asked', () => {
    expect([locationText(at(12, '')), locationText(at(12, ''), true), locationText(null)]).toEqual(['demo.js:12:3', '/app/demo.js:12:3', '']);
  });

  test('ps is a table: id, name, state, what each waits on, where with the line', () => {
    expect(psLines(ENTRIES)).toEqual([
      '  ID NAME             STATE     WAITING ON                               WHERE',
      '   1 main             suspended the 2 child task(s) of its gather        demo.js:20:3  yield* gather(randn(), randn());',
      '   2 randn            suspended sleep until 3.000s                       demo.js:12:3  yield* sleep(3000);',
      '   3 randn            suspended join task "helper" (id 4)                demo.js:13:3  yield* helper;',
      '   4 helper           suspended queue.get() on Queue#1 (empty)',
    ]);
  });

  test('pstree is a tree of the same', () => {
    expect(pstreeLines(ENTRIES)).toEqual([
      '└── main (1) suspended: the 2 child task(s) of its gather  demo.js:20:3  yield* gather(randn(), randn());',
      '    ├── randn (2) suspended: sleep until 3.000s  demo.js:12:3  yield* sleep(3000);',
      '    └── randn (3) suspended: join task "helper" (id 4)  demo.js:13:3  yield* helper;',
      '        └── helper (4) suspended: queue.get() on Queue#1 (empty)',
    ]);
  });

  test('text from the program is sanitised', () => {
    const hostile: WhereEntry = { id: 1, name: '\x1b[2Jx', parentId: null, state: 'suspended', waitingOn: 'w\x07', location: { file: '/a/\x1b.js', line: 1, column: 1, text: '\x1b[H' } };
    expect(pstreeLines([hostile])).toEqual(['└── ␛[2Jx (1) suspended: w␇  ␛.js:1:1  ␛[H']);
  });
});
