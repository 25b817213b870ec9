import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { detect, loadNotice, type NoticeDefinition, parseNotice } from '../../src/newsroom/notice';

// The notice file editors tune, as shipped.
let covid: NoticeDefinition;
beforeAll(async () => {
  covid = await loadNotice(join(import.meta.dirname, '../../content/notices/covid-19.md'));
});

describe('COVID-19 notice detection', () => {
  it.each([
    ['Hospital admissions for COVID-19 rose 18% last week.', ['COVID-19']],
    ['The trip is his first abroad after three years of pandemic isolation.', ['pandemic isolation']],
    ['Researchers sequenced SARS-CoV-2 samples from wastewater.', ['SARS-CoV-2']],
    ['Restaurants never recovered from the pandemic and the lockdowns that followed.', ['the pandemic', 'lockdowns']],
  ])('puts the notice on "%s" and names the words as written', (text, terms) => {
    const verdict = detect(covid, text);
    expect(verdict.applies).toBe(true);
    expect(verdict.terms).toEqual(terms);
  });

  it.each([
    'Sales of Corona beer rose 9% as drinkers switched to Mexican imports like Corona Extra.',
    'The eclipse gave scientists four minutes to study the solar corona, the sun’s outer atmosphere.',
    'The exhibit recalls the nurses of the 1918 influenza pandemic. People think of the pandemic of 1918 as ancient history.',
    'Brown said existing aid commitments will not stop the pandemic, and called for an HIV vaccine fund to fight Aids.',
    'The shelter is near the Corona Holiday Inn in Queens.',
    'The mayor called the shootings a pandemic of gun violence.',
  ])('leaves it off "%s"', (text) => {
    expect(detect(covid, text)).toMatchObject({ applies: false });
  });

  it('reports a notice file error with the field that is wrong', () => {
    const broken = '---\nid: covid-19\nlink: not a url\nlink_text: CDC\nthreshold: 1\nterms:\n  - { term: covid, weight: 1 }\n---\nText.\n';
    expect(() => parseNotice(broken, 'notices/covid-19.md')).toThrow(/covid-19\.md: field "link"/);
  });

  it('lets editors exclude a term when another disease is named (`unless`)', () => {
    const notice = parseNotice(
      '---\nid: t\nlink: https://example.org\nlink_text: x\nthreshold: 1\nterms:\n  - { term: "the outbreak", weight: 1, unless: "measles" }\n---\nText.\n',
      'test.md',
    );
    expect(detect(notice, 'Schools closed during the outbreak.').applies).toBe(true);
    expect(detect(notice, 'Schools closed during the outbreak of measles.').applies).toBe(false);
  });
});
