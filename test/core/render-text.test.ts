import { describe, expect, it } from 'vitest';
import { renderText } from '../../src/core/render-text';

describe('renderText', () => {
  it('renders every part of a reply in reading order', () => {
    const text = renderText({
      title: 'Quotes: A story',
      url: 'https://example.org/a',
      text: 'Intro.',
      items: [{ title: 'Item', meta: '1 Jan 2024', text: 'One line.', url: 'https://example.org/i' }],
      quotes: [{ text: 'We will', speaker: 'Ann Lee' }, { text: 'Unclaimed words here', speaker: null }],
      fields: [{ name: 'Field', value: 'Value' }],
      footer: 'Source · 1 Jan 2024',
      notice: { text: 'This post may refer to COVID-19.', url: 'https://www.cdc.gov/covid/index.html', linkText: 'CDC' },
      visibility: 'public',
    });
    expect(text.split('\n')).toEqual([
      'Quotes: A story',
      'https://example.org/a',
      '',
      'Intro.',
      '',
      '• Item (1 Jan 2024)',
      '  One line.',
      '  https://example.org/i',
      '',
      '“We will” — Ann Lee',
      '“Unclaimed words here” — unattributed',
      '',
      'Field: Value',
      '',
      'Source · 1 Jan 2024',
      '',
      'ℹ This post may refer to COVID-19. https://www.cdc.gov/covid/index.html',
    ]);
  });
});
