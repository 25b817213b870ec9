import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeText, LIMITS, renderBlocks, truncate } from '../../../src/adapters/slack/blocks';
import type { Reply } from '../../../src/core/reply';
import { allText, PING } from './harness';

const notice = { text: 'This article refers to COVID-19.', url: 'https://www.cdc.gov/covid/index.html', linkText: 'CDC' };

describe('Block Kit rendering of a Reply', () => {
  it('escapes Slack’s control characters and breaks broadcast words', () => {
    expect(escapeText('a & b <!channel> <@U1> @here @Everyone')).toBe('a &amp; b &lt;!channel&gt; &lt;@U1&gt; @\u200bhere @\u200bEveryone');
  });

  it('cuts at a word and never inside an entity', () => {
    expect(truncate('one two three', 9)).toBe('one two…');
    const cut = truncate(escapeText('x'.repeat(8) + '&&&&'), 12);
    expect(cut.length).toBeLessThanOrEqual(12);
    expect(cut).not.toMatch(/&[a-z]*…$/);
  });

  it('keeps every limit on any reply, and nothing rendered can ping', () => {
    const text = fc.string({ unit: fc.constantFrom('a', ' ', '&', '<', '>', '!', '@', 'channel', '\n', 'é'), maxLength: 9000, size: 'large' });
    const reply = fc.record({
      title: fc.option(text, { nil: undefined }),
      text: fc.option(text, { nil: undefined }),
      items: fc.array(fc.record({ title: text, url: fc.constant('https://x.example/a|b>c'), meta: text, text }), { maxLength: 70, size: 'medium' }),
      quotes: fc.array(fc.record({ text, speaker: fc.option(text, { nil: null }) }), { maxLength: 20 }),
      fields: fc.array(fc.record({ name: text, value: text }), { maxLength: 25 }),
      footer: fc.option(text, { nil: undefined }),
      notice: fc.constant(notice),
      visibility: fc.constant('public' as const),
    });
    fc.assert(
      fc.property(reply, (r) => {
        const { blocks, text: fallback } = renderBlocks(r as Reply);
        expect(blocks.length).toBeLessThanOrEqual(LIMITS.blocks);
        expect(fallback.length).toBeLessThanOrEqual(LIMITS.fallback);
        for (const block of blocks as Array<Record<string, any>>) {
          if (block.type === 'header') expect(block.text.text.length).toBeLessThanOrEqual(LIMITS.header);
          if (block.type === 'section' && block.text) expect(block.text.text.length).toBeLessThanOrEqual(LIMITS.section);
          for (const f of block.fields ?? []) expect(f.text.length).toBeLessThanOrEqual(LIMITS.field);
          for (const e of block.elements ?? []) expect(e.text.length).toBeLessThanOrEqual(LIMITS.context);
          expect(block.fields?.length ?? 0).toBeLessThanOrEqual(LIMITS.fieldsPerSection);
        }
        for (const t of allText(blocks)) expect(t).not.toMatch(PING);
        expect(fallback).not.toMatch(PING);
        // The notice survives any truncation.
        expect(JSON.stringify(blocks.at(-1))).toContain('cdc.gov');
      }),
      { numRuns: 60 },
    );
  });

  it('splits a long text into several sections and says what it left out', () => {
    const { blocks } = renderBlocks({
      text: 'word '.repeat(2000),
      items: Array.from({ length: 60 }, (_, i) => ({ title: `Article ${i}` })),
      visibility: 'public',
    });
    expect(blocks.filter((b) => b.type === 'section').length).toBeGreaterThan(3);
    expect(blocks).toHaveLength(LIMITS.blocks);
    expect(JSON.stringify(blocks.at(-1))).toMatch(/more not shown/);
  });

  it('drops links that are not http(s) and keeps link syntax intact', () => {
    const { blocks } = renderBlocks({ title: 'T', url: 'javascript:alert(1)', items: [{ title: 'A|B', url: 'https://e.x/p?a=1|2' }], visibility: 'public' });
    const json = JSON.stringify(blocks);
    expect(json).not.toContain('javascript:');
    expect(json).toContain('<https://e.x/p?a=1%7C2|A¦B>');
  });
});
