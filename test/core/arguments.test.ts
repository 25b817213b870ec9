import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_ARGUMENT_TEXT, parseArgumentText, tokenize, usage, validateArgs } from '../../src/core/arguments';
import type { CommandDef } from '../../src/core/command';
import { UserError } from '../../src/core/errors';

const summary = {
  name: 'summary',
  description: 'Summarize',
  options: [
    { name: 'article', description: 'Slug or title words', type: 'string' },
    { name: 'length', description: 'How long', type: 'string', choices: ['short', 'medium', 'long'] },
  ],
} as const satisfies CommandDef;

const news = {
  name: 'news',
  description: 'Latest',
  options: [{ name: 'count', description: 'How many', type: 'integer', min: 1, max: 10 }],
} as const satisfies CommandDef;

const feeds = {
  name: 'feeds',
  description: 'Feeds',
  subcommands: [
    { name: 'add', description: 'Follow one', options: [{ name: 'url', description: 'The feed URL', type: 'string', required: true }] },
    { name: 'list', description: 'All of them' },
  ],
} as const satisfies CommandDef;

describe('parseArgumentText', () => {
  it('puts free words in the text option and a choice word in its option', () => {
    expect(parseArgumentText(summary, 'kim jong un long')).toEqual({ article: 'kim jong un', length: 'long' });
    expect(parseArgumentText(summary, 'length:short article:"kim jong"')).toEqual({ article: 'kim jong', length: 'short' });
    expect(parseArgumentText(summary, '“kim russia” medium')).toEqual({ article: 'kim russia', length: 'medium' });
    expect(parseArgumentText(news, '3')).toEqual({ count: '3' });
  });

  it('refuses a 10 kB argument line with a clear message before parsing it', () => {
    expect(() => parseArgumentText(summary, 'x'.repeat(10_000))).toThrow(new RegExp(`limit is ${MAX_ARGUMENT_TEXT}`));
  });

  it('never throws anything but a UserError, whatever is typed', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        try {
          validateArgs(summary, parseArgumentText(summary, text));
          validateArgs(news, parseArgumentText(news, text));
          validateArgs(feeds, parseArgumentText(feeds, text));
        } catch (error) {
          expect(error).toBeInstanceOf(UserError);
        }
      }),
    );
  });

  it('keeps an unquoted cron expression together as one value', () => {
    expect(parseArgumentText(summary, 'kim 0 8 * * 1-5')).toEqual({ article: 'kim 0 8 * * 1-5' });
    const digest = {
      name: 'digest',
      description: 'Digests',
      options: [
        { name: 'action', description: 'What to do', type: 'string', choices: ['subscribe', 'status'] },
        { name: 'time', description: 'When', type: 'string' },
        { name: 'count', description: 'How many', type: 'integer' },
      ],
    } as const satisfies CommandDef;
    expect(parseArgumentText(digest, 'subscribe 0 8 * * 1-5')).toEqual({ action: 'subscribe', time: '0 8 * * 1-5' });
    expect(parseArgumentText(digest, 'subscribe 3 0 8 * * 1-5')).toEqual({ action: 'subscribe', count: '3', time: '0 8 * * 1-5' });
  });

  it('takes the word naming a subcommand, and the rest as that subcommand’s options', () => {
    expect(parseArgumentText(feeds, 'add https://example.org/feed.xml')).toEqual({ action: 'add', url: 'https://example.org/feed.xml' });
    expect(parseArgumentText(feeds, 'LIST')).toEqual({ action: 'list' });
    expect(parseArgumentText(feeds, 'url:https://example.org/feed.xml add')).toEqual({ action: 'add', url: 'https://example.org/feed.xml' });
    expect(() => parseArgumentText(feeds, 'list everything')).toThrow('I don\'t know what to do with “everything”. Usage: /feeds list');
    expect(parseArgumentText(feeds, 'follow https://example.org')).toEqual({});
  });

  it('keeps quoted values together', () => {
    expect(tokenize('a "b c" d:"e f" “g h”')).toEqual(['a', 'b c', 'd:e f', 'g h']);
  });
});

describe('validateArgs', () => {
  it('checks ranges, choices, types and length', () => {
    expect(validateArgs(news, { count: '4' })).toEqual({ count: 4 });
    expect(() => validateArgs(news, { count: '0' })).toThrow('between 1 and 10');
    expect(() => validateArgs(news, { count: 'two' })).toThrow('whole number');
    expect(() => validateArgs(summary, { length: 'huge' })).toThrow('one of: short, medium, long');
    expect(() => validateArgs(summary, { article: 'k'.repeat(500) })).toThrow('too long');
    expect(() => validateArgs(summary, { colour: 'red' })).toThrow('no option “colour”');
  });

  it('checks the subcommand, then only its own options', () => {
    expect(validateArgs(feeds, { action: 'add', url: 'https://example.org/feed.xml' })).toEqual({ action: 'add', url: 'https://example.org/feed.xml' });
    expect(() => validateArgs(feeds, {})).toThrow('Which one: add, list? Usage: /feeds add <url> | list');
    expect(() => validateArgs(feeds, { action: 'add' })).toThrow('Missing url (The feed URL). Usage: /feeds add <url>');
    expect(() => validateArgs(feeds, { action: 'list', url: 'https://example.org' })).toThrow('/feeds list has no option “url”. Usage: /feeds list');
  });

  it('writes usage from the definition', () => {
    expect(usage(summary)).toBe('/summary [article] [short|medium|long]');
    expect(usage(feeds)).toBe('/feeds add <url> | list');
    expect(usage(feeds, feeds.subcommands[0])).toBe('/feeds add <url>');
  });
});
