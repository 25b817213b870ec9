// The notice reads context: another coronavirus outbreak (SARS, MERS), the article's date, several
// weak cues together, and the headline. Every article here is written for the test.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { detect, detectArticle, loadNotice, type NoticeDefinition, parseNotice } from '../../src/newsroom/notice';

let covid: NoticeDefinition;
beforeAll(async () => {
  covid = await loadNotice(join(import.meta.dirname, '../../content/notices/covid-19.md'));
});

const MERS_2014 = [
  'Health officials in Riyadh reported three more deaths from the novel coronavirus on Tuesday, bringing the toll this spring to 41.',
  'The virus, which causes Middle East respiratory syndrome (MERS), was first identified two years ago and has been traced to camels.',
  'Hospital staff were told to wear face masks and patients who had contact with the sick were placed in quarantine.',
].join('\n\n');

const SARS_2003 = [
  'Schools in the city stayed shut for a second week as the count of severe acute respiratory syndrome cases passed 900.',
  'Scientists say a coronavirus not seen before in people is behind SARS; travellers arriving at the airport have their temperature checked.',
].join('\n\n');

const IMPLICIT_2020 = [
  'The county library reopened its doors on Monday, but visitors will find a different place from the one they left in March.',
  'Chairs in the reading room stand six feet apart, a bottle of hand sanitiser waits at every desk and staff sit behind plastic screens.',
  'Story time for children moves outdoors to the lawn, where families are asked to keep their distance from one another.',
].join('\n\n');

describe('another coronavirus outbreak', () => {
  it('reads "novel coronavirus" in a MERS story as MERS, and says why', () => {
    const verdict = detect(covid, MERS_2014);
    expect(verdict.applies).toBe(false);
    expect(verdict.discounted).toMatch(/names (?:Middle East respiratory|MERS|camels)/i);
  });

  it('reads "coronavirus" in a SARS story as SARS', () => {
    expect(detect(covid, SARS_2003).applies).toBe(false);
  });

  it('still puts the notice on a 2020 story that compares the new virus with SARS', () => {
    const text =
      'The novel coronavirus that emerged in Wuhan has now sickened more people than SARS did in 2003, officials said, as airlines cut flights to China.';
    expect(detect(covid, text)).toMatchObject({ applies: true, terms: expect.arrayContaining(['novel coronavirus']) });
  });

  it('reads the measures of another outbreak as that outbreak’s', () => {
    const text = 'A measles outbreak closed two schools; pupils who were not vaccinated must quarantine, and visitors to the ward wear masks.';
    expect(detect(covid, text)).toMatchObject({ applies: false, discounted: 'names measles' });
  });

  it('counts "coronavirus" with SARS when the article names COVID-19 as well', () => {
    const verdict = detect(covid, 'Covid-19 is caused by a coronavirus, a cousin of the one behind SARS.');
    expect(verdict).toMatchObject({ applies: true, terms: ['Covid-19', 'coronavirus'] });
    expect(verdict.discounted).toBeUndefined();
  });

  it('does not read SARS-CoV-2 as SARS', () => {
    expect(detect(covid, 'Labs sequenced SARS-CoV-2 from hospital wastewater samples.').applies).toBe(true);
  });
});

describe('the article’s date', () => {
  const body = 'Two more patients died of the coronavirus at a hospital in Jeddah, health officials said on Sunday.';

  it('rules out the ambiguous terms in an article dated before COVID-19', () => {
    expect(detect(covid, body).applies).toBe(true); // undated: "coronavirus" alone may well be COVID-19
    expect(detect(covid, body, new Date('2014-04-20'))).toMatchObject({ applies: false, discounted: 'dated 2014-04-20' });
    expect(detect(covid, body, new Date('2020-04-20')).applies).toBe(true);
  });

  it('lets a date in the era outweigh another outbreak named in passing', () => {
    const text = 'Like SARS before it, the coronavirus spread first among hospital staff, the report found.';
    expect(detect(covid, text).applies).toBe(false);
    expect(detect(covid, text, new Date('2020-06-01')).applies).toBe(true);
  });

  it('takes the epoch (the CLI’s placeholder for a plain-text file) as unknown', () => {
    expect(detectArticle(covid, { title: 'Hospital deaths', body, published: new Date(0) }).applies).toBe(true);
  });

  it('still counts the name of the disease whatever the date says', () => {
    expect(detect(covid, 'The clinic reopened after its COVID-19 outbreak.', new Date('2015-01-01')).applies).toBe(true);
  });
});

describe('weak cues together', () => {
  it('puts the notice on a 2020 story that never names the disease', () => {
    const verdict = detect(covid, IMPLICIT_2020);
    expect(verdict.applies).toBe(true);
    expect(verdict.terms).toEqual(expect.arrayContaining(['six feet apart', 'hand sanitiser', 'reopened']));
  });

  it.each([
    'The bakery on Mill Lane reopened on Monday, three weeks after a kitchen fire.',
    'Engineers in the clean room wear face masks and gloves while they assemble the satellite.',
    'Residents were told to shelter in place as the storm passed; the harbour reopened on Tuesday.',
    'Inmates were kept in their cells during the lockdown that followed the fight.',
    'The virus spread through the office network overnight, locking staff out of their email.',
  ])('leaves one weak cue, or two unrelated ones, alone: "%s"', (text) => {
    expect(detect(covid, text).applies).toBe(false);
  });
});

describe('the headline', () => {
  it('is read with the body: a story may name COVID-19 only there', () => {
    const article = { title: 'Marathon called off over COVID-19 fears', body: 'Organisers said the race would return next spring on the same course.' };
    expect(detectArticle(covid, article)).toMatchObject({ applies: true, terms: ['COVID-19'] });
    expect(detectArticle(covid, { ...article, title: 'Marathon called off' }).applies).toBe(false);
  });
});

describe('the era in the notice file', () => {
  const file = (era: string) =>
    `---\nid: t\nlink: https://example.org\nlink_text: x\nthreshold: 1\nterms:\n  - { term: "the outbreak", weight: 1, ambiguous: true }\n${era}---\nText.\n`;

  it('is optional: without it, ambiguous terms always count', () => {
    expect(detect(parseNotice(file(''), 't.md'), 'Schools shut during the outbreak of measles.', new Date('2001-01-01')).applies).toBe(true);
  });

  it('reports a date it cannot read with the field', () => {
    expect(() => parseNotice(file('era:\n  since: "soon"\n  other_outbreak: measles\n  marks: "2020"\n'), 't.md')).toThrow(/t\.md: field "era\.since"/);
  });
});
