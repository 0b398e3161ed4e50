import { describe, expect, test } from 'vitest';
import { barChartSvg, resultsChartSvg } from '../../src/index.js';
import { RESULT } from './fixture.js';

interface Element {
  name: string;
  attributes: Record<string, string>;
  text: string;
}

const ENTITY = /&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/;

/**
 * A strict little XML reader, enough for the SVG we write: every tag opens
 * and closes in order, one root, attributes double-quoted, every `&` an
 * entity, no stray `<`. Returns the elements in document order with their
 * attributes and (unescaped) text.
 */
function parseXml(xml: string): Element[] {
  const token = /<\/([A-Za-z][\w:-]*)\s*>|<([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|([^<]+)/y;
  const stack: Element[] = [];
  const elements: Element[] = [];
  let roots = 0;
  let pos = 0;
  while (pos < xml.length) {
    token.lastIndex = pos;
    const m = token.exec(xml);
    if (m === null) throw new Error(`not well-formed at ${pos}: ${JSON.stringify(xml.slice(pos, pos + 40))}`);
    pos = token.lastIndex;
    const [, close, open, attributes, selfClosing, text] = m;
    if (text !== undefined) {
      if (ENTITY.test(text)) throw new Error(`bare & in text ${JSON.stringify(text)}`);
      if (stack.length === 0) {
        if (text.trim() !== '') throw new Error(`text outside the root: ${JSON.stringify(text)}`);
      } else stack.at(-1)!.text += unescape(text);
    } else if (close !== undefined) {
      const top = stack.pop();
      if (top?.name !== close) throw new Error(`</${close}> closes <${top?.name}>`);
    } else {
      const element: Element = { name: open!, attributes: {}, text: '' };
      for (const [, key, value] of attributes!.matchAll(/([\w:-]+)="([^"]*)"/g)) {
        if (ENTITY.test(value!)) throw new Error(`bare & in attribute ${key}`);
        if (key! in element.attributes) throw new Error(`duplicate attribute ${key}`);
        element.attributes[key!] = unescape(value!);
      }
      if (stack.length === 0) roots++;
      elements.push(element);
      if (selfClosing !== '/') stack.push(element);
    }
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack.at(-1)!.name}>`);
  if (roots !== 1) throw new Error(`${roots} root elements`);
  return elements;
}

function unescape(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}

const GROUPS = [
  { label: 'spawn 10k tasks', bars: [{ name: 'loop', value: 50, note: '±1.0%' }, { name: 'effection', value: 100 }] },
  { label: 'queue 100k items', bars: [{ name: 'loop', value: 30 }, { name: 'raw', value: 15 }, { name: 'effect', value: 60 }] },
];

describe('barChartSvg', () => {
  test('(the reader used here rejects what is not well-formed)', () => {
    expect(() => parseXml('<svg><text>a & b</text></svg>')).toThrow('bare & in text');
    expect(() => parseXml('<svg><text></svg>')).toThrow('</svg> closes <text>');
    expect(() => parseXml('<svg/><svg/>')).toThrow('2 root elements');
  });

  test('is a well-formed SVG document with one root <svg> in the SVG namespace', () => {
    const elements = parseXml(barChartSvg(GROUPS, { title: 'Workloads', unit: 'ms' }));
    expect(elements[0]?.name).toBe('svg');
    expect(elements[0]?.attributes['xmlns']).toBe('http://www.w3.org/2000/svg');
    expect(elements[0]?.attributes['viewBox']).toBe(`0 0 720 ${elements[0]?.attributes['height']}`);
  });

  test('draws one rect per bar plus the background, and texts for title, subtitle, group labels, names and values', () => {
    const elements = parseXml(barChartSvg(GROUPS, { title: 'Workloads', unit: 'ms' }));
    expect(elements.filter((e) => e.name === 'rect')).toHaveLength(1 + 5);
    expect(elements.filter((e) => e.name === 'text').map((e) => e.text)).toEqual([
      'Workloads',
      'ms, higher is better',
      'spawn 10k tasks',
      'loop',
      '50 ms  ±1.0%',
      'effection',
      '100 ms',
      'queue 100k items',
      'loop',
      '30 ms',
      'raw',
      '15 ms',
      'effect',
      '60 ms',
    ]);
  });

  test('each group is scaled to its own largest bar', () => {
    const rects = parseXml(barChartSvg(GROUPS, { title: 't', unit: 'ms' })).filter((e) => e.name === 'rect').slice(1);
    // 720 px wide: bars start at x = 232 and may grow 302 px.
    expect(rects.map((r) => Number(r.attributes['width']))).toEqual([151, 302, 151, 75.5, 302]);
  });

  test('highlights the largest bar of each group, or the smallest when lower is better', () => {
    const fills = (lowerIsBetter: boolean): string[] =>
      parseXml(barChartSvg(GROUPS, { title: 't', unit: 'ms', lowerIsBetter }))
        .filter((e) => e.name === 'rect')
        .slice(1)
        .map((r) => r.attributes['fill']!);
    const best = '#2f855a';
    const other = '#718096';
    expect(fills(false)).toEqual([other, best, other, other, best]);
    expect(fills(true)).toEqual([best, other, other, best, other]);
  });

  test('escapes every piece of text: title, labels, names, notes and unit', () => {
    const nasty = `<script>alert("x")</script> & 'quotes'`;
    const svg = barChartSvg([{ label: nasty, bars: [{ name: nasty, value: 1, note: nasty }] }], { title: nasty, unit: '<&>' });
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &apos;quotes&apos;');
    const texts = parseXml(svg).filter((e) => e.name === 'text' || e.name === 'title').map((e) => e.text);
    expect(texts).toEqual([nasty, nasty, '<&>, higher is better', nasty, nasty, `1 <&>  ${nasty}`]);
  });

  test('drops control characters XML cannot carry', () => {
    const svg = barChartSvg([{ label: 'a\u0000b\u001bc', bars: [] }], { title: 't', unit: 'ms' });
    expect(parseXml(svg).filter((e) => e.name === 'text').map((e) => e.text)).toEqual(['t', 'ms, higher is better', 'abc']);
  });

  test('takes its width from the options', () => {
    const root = parseXml(barChartSvg(GROUPS, { title: 't', unit: 'ms', width: 1000 }))[0]!;
    expect(root.attributes['width']).toBe('1000');
  });

  test('no groups: just the title', () => {
    const elements = parseXml(barChartSvg([], { title: 'empty', unit: '' }));
    expect(elements.filter((e) => e.name === 'text').map((e) => e.text)).toEqual(['empty', 'higher is better']);
  });

  test('a negative or NaN value is a RangeError naming the bar', () => {
    expect(() => barChartSvg([{ label: 'g', bars: [{ name: 'a', value: Number.NaN }] }], { title: 't', unit: 'ms' })).toThrow(
      new RangeError('barChartSvg(groups, options): groups[0].bars[0].value must be a finite number >= 0, got NaN'),
    );
  });

  test('a bar without a name is a TypeError naming the bar', () => {
    expect(() => barChartSvg([GROUPS[0]!, { label: 'g', bars: [{ value: 1 } as never] }], { title: 't', unit: 'ms' })).toThrow(
      new TypeError('barChartSvg(groups, options): groups[1].bars[0].name must be a string, got undefined'),
    );
  });

  test('a missing title or a width below 400 is an error naming the option', () => {
    expect(() => barChartSvg(GROUPS, { unit: 'ms' } as never)).toThrow(new TypeError('barChartSvg(groups, options): options.title must be a string, got undefined'));
    expect(() => barChartSvg(GROUPS, { title: 't', unit: 'ms', width: 100 })).toThrow(
      new RangeError('barChartSvg(groups, options): options.width must be a number >= 400 (px), got 100'),
    );
  });
});

describe('resultsChartSvg', () => {
  test('charts mean time per call in one fitting unit, lower is better, one group per suite', () => {
    const texts = parseXml(resultsChartSvg(RESULT, { title: 'results' }))
      .filter((e) => e.name === 'text')
      .map((e) => e.text);
    expect(texts).toEqual([
      'results',
      'µs per call, lower is better',
      'gather 10 sleeps',
      'raw | baseline',
      '2 µs per call  ±1.50%',
      'loop',
      '1 µs per call  ±0.75%',
    ]);
  });
});
