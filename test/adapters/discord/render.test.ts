// Rendering within Discord's limits, for any reply (fast-check), and clean truncation.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DISCORD_LIMITS, embedLength, renderMessage } from '../../../src/adapters/discord/render';
import type { Reply } from '../../../src/core/reply';

const notice = { text: 'This post may refer to COVID-19.', url: 'https://www.cdc.gov/covid/index.html', linkText: 'CDC' };

const text = (max: number) => fc.string({ maxLength: max, unit: fc.constantFrom('a', 'b', ' ', 'é', '😀', '\n', '@', '*') });
const arbitraryReply: fc.Arbitrary<Reply> = fc.record(
  {
    title: text(400),
    url: fc.constant('https://example.com/a'),
    text: text(9000),
    fields: fc.array(fc.record({ name: text(300), value: text(1500) }), { maxLength: 40 }),
    items: fc.array(fc.record({ title: text(300), url: fc.constant('https://example.com/i'), meta: text(50), text: text(1200) }), { maxLength: 40 }),
    quotes: fc.array(fc.record({ text: text(600), speaker: fc.option(text(40), { nil: null }) }), { maxLength: 60 }),
    notice: fc.constant(notice),
    footer: text(2500),
    visibility: fc.constantFrom('public', 'ephemeral'),
  },
  { requiredKeys: ['visibility'] },
);

describe('Discord rendering', () => {
  it('keeps every message within Discord limits and never drops the COVID-19 notice', () => {
    fc.assert(
      fc.property(arbitraryReply, (reply) => {
        const message = renderMessage(reply);
        expect(message.ephemeral).toBe(reply.visibility === 'ephemeral');
        if (message.content !== undefined) {
          expect(message.content.length).toBeLessThanOrEqual(DISCORD_LIMITS.content);
          expect(message.embeds).toEqual([]);
          return;
        }
        const [embed] = message.embeds;
        expect(message.embeds).toHaveLength(1);
        expect(embedLength(embed!)).toBeLessThanOrEqual(DISCORD_LIMITS.total);
        expect(embed!.title?.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.title);
        expect(embed!.description?.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.description);
        expect(embed!.footer?.text.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.footer);
        expect(embed!.fields?.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.fields);
        for (const f of embed!.fields ?? []) {
          expect(f.name.length).toBeGreaterThan(0);
          expect(f.value.length).toBeGreaterThan(0);
          expect(f.name.length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldName);
          expect(f.value.length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldValue);
        }
        if (reply.notice) expect(embed!.fields?.at(-1)).toEqual({ name: 'COVID-19', value: `${notice.text} [CDC](${notice.url})` });
      }),
      { numRuns: 300 },
    );
  });


  it('sends a short plain answer as content and a long one as an embed description', () => {
    expect(renderMessage({ text: 'Done.', visibility: 'ephemeral' })).toEqual({ content: 'Done.', embeds: [], ephemeral: true });
    const long = renderMessage({ text: 'word '.repeat(600), visibility: 'public' });
    expect(long.content).toBeUndefined();
    expect(long.embeds[0]!.description!.length).toBeLessThanOrEqual(DISCORD_LIMITS.description);
  });

  it('cuts a long quote list at whole quotes and says how many were left out', () => {
    const quotes = Array.from({ length: 100 }, (_, i) => ({ text: `Quote number ${i} ${'is long '.repeat(10)}`, speaker: `Speaker ${i}` }));
    const [embed] = renderMessage({ title: 'Quotes', quotes, visibility: 'public' }).embeds;
    const lines = embed!.description!.split('\n');
    expect(lines.at(-1)).toMatch(/^…and \d+ more quotes$/);
    for (const line of lines.slice(0, -1)) expect(line).toMatch(/^> “Quote number \d+ .*” — \*\*Speaker \d+\*\*$/);
    const shown = lines.length - 1;
    expect(lines.at(-1)).toBe(`…and ${100 - shown} more quotes`);
  });
});
