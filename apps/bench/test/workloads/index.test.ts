import { describe, expect, test } from 'vitest';
import { SYSTEMS, WORKLOADS, findWorkload } from '../../src/workloads/index.js';

describe('the matrix', () => {
  test('the eight workloads of BENCH.md, in its order, then the IO workloads, then explore', () => {
    expect(WORKLOADS.map((w) => w.id)).toEqual([
      'seed',
      'seed-virtual',
      'spawn',
      'sleep',
      'queue',
      'pipeline',
      'limit',
      'cancel',
      'tcp-echo',
      'tcp-echo-long',
      'tcp-stream',
      'subprocess',
      'file-lines',
      'explore',
    ]);
  });

  test('every system either runs each workload or is listed with the reason it does not fit', () => {
    const holes = WORKLOADS.flatMap((workload) => {
      const running = new Set(Object.values(workload.implementations).map((implementation) => implementation.system));
      return SYSTEMS.filter((system) => !running.has(system) && workload.notApplicable[system] === undefined).map((system) => `${workload.id} / ${system}`);
    });
    expect(holes).toEqual([]);
  });

  test('no system is both implemented and listed as not fitting', () => {
    const both = WORKLOADS.flatMap((workload) =>
      Object.values(workload.implementations)
        .filter((implementation) => workload.notApplicable[implementation.system] !== undefined)
        .map((implementation) => `${workload.id} / ${implementation.system}`),
    );
    expect(both).toEqual([]);
  });

  test('each workload has exactly one recommended loop idiom and a raw floor, unless it says why raw does not fit (explore: nothing to explore without a scheduler)', () => {
    const shape = WORKLOADS.map((workload) => {
      const implementations = Object.entries(workload.implementations);
      return [workload.id, implementations.filter(([, i]) => i.recommended === true && i.system === 'loop').length, workload.implementations.raw?.system ?? workload.notApplicable['raw']];
    });
    expect(shape).toEqual(
      WORKLOADS.map((workload) => [workload.id, 1, workload.id === 'explore' ? 'nothing to explore without a scheduler that owns every choice' : 'raw']),
    );
  });

  test('every target names a known metric and known implementations', () => {
    const unknown = WORKLOADS.flatMap((workload) =>
      workload.targets.flatMap((target) => {
        const problems: string[] = [];
        if (target.metric !== 'peakRss' && !workload.metrics.some((m) => m.key === target.metric)) problems.push(`${workload.id}: metric ${target.metric}`);
        for (const id of [...(target.against === undefined ? [] : [target.against]), ...(target.subjects ?? [])]) {
          if (workload.implementations[id] === undefined) problems.push(`${workload.id}: implementation ${id}`);
        }
        return problems;
      }),
    );
    expect(unknown).toEqual([]);
  });

  test('every floor is a hand-written raw implementation of its workload other than raw itself', () => {
    const floors = WORKLOADS.flatMap((workload) => (workload.floors ?? []).map((id) => [workload.id, id, workload.implementations[id]?.system ?? 'missing']));
    expect(floors).toEqual([
      ['cancel', 'raw-generators', 'raw'],
      ['cancel', 'raw-scheduler', 'raw'],
    ]);
  });

  test('the targets are BENCH.md’s (and issue 22’s for the IO workloads): metric, reference, factor or limit', () => {
    const targets = WORKLOADS.flatMap((workload) => workload.targets.map((t) => [workload.id, t.metric, t.against ?? null, t.factor ?? t.limit ?? null]));
    expect(targets).toEqual([
      ['seed-virtual', 'wallMs', 'raw', 1],
      ['seed-virtual', 'wallMs', 'effect', 20],
      ['spawn', 'nsPerTask', 'raw', 1],
      ['spawn', 'nsPerTask', 'asyncio', 10],
      ['spawn', 'nsPerTask', 'effect', 35],
      ['spawn', 'nsPerTask', 'effection', 100],
      ['spawn', 'peakRss', 'raw', 1],
      ['spawn', 'nsPerTask', 'loop', 0.5],
      ['sleep', 'overheadMs', 'raw', 1],
      ['sleep', 'rssPerTaskB', null, 400],
      ['queue', 'itemsPerSec', 'raw', 2],
      ['queue', 'itemsPerSec', 'effection', 4],
      ['queue', 'itemsPerSec', 'asyncio', 5],
      ['queue', 'itemsPerSec', 'effect', 5],
      ['pipeline', 'itemsPerSec', 'raw', 4],
      ['pipeline', 'itemsPerSec', 'effect-range', 1],
      ['pipeline', 'itemsPerSec', 'effection', 25],
      // "at least half the raw floor — the generator protocol's own floor"
      ['limit', 'jobsPerSec', 'raw', 0.5],
      ['limit', 'jobsPerSec', 'p-limit', 10],
      ['limit', 'jobsPerSec', 'effection', 5],
      ['limit', 'jobsPerSec', 'effect', 15],
      ['cancel', 'cancelMs', 'raw', 1],
      ['cancel', 'cancelMs', 'asyncio', 10],
      ['cancel', 'cancelMs', 'effect', 30],
      ['cancel', 'cancelMs', 'effection', 50],
      ['tcp-echo', 'roundTripsPerSec', 'raw', 0.9],
      ['tcp-echo', 'roundTripsPerSec', 'asyncio', 1.2],
      ['tcp-echo-long', 'roundTripsPerSec', 'raw', 0.9],
      ['tcp-echo-long', 'roundTripsPerSec', 'asyncio', 1.2],
      ['tcp-stream', 'mbPerSec', 'raw', 0.9],
      ['tcp-stream', 'mbPerSec', 'asyncio', 1.2],
      ['subprocess', 'processesPerSec', 'raw', 0.95],
      ['file-lines', 'linesPerSec', 'raw', 0.9],
      ['file-lines', 'linesPerSec', 'asyncio', 1.2],
      ['explore', 'msPerSchedule', null, 0.5],
    ]);
  });

  test('findWorkload names the workloads when the id is unknown', () => {
    expect(() => findWorkload('spwan')).toThrow('unknown workload "spwan"; the workloads are: seed, seed-virtual, spawn, sleep, queue, pipeline, limit, cancel, tcp-echo, tcp-echo-long, tcp-stream, subprocess, file-lines, explore');
  });
});
