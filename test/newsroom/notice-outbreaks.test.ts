// Other outbreaks within the COVID-19 years: a 2023 measles or Ebola story shares the weak cues of
// 2020 ("the outbreak", quarantine, masks) but is not about COVID-19. Every article here is written
// for the test.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { detectArticle, loadNotice, type NoticeDefinition } from '../../src/newsroom/notice';

let covid: NoticeDefinition;
beforeAll(async () => {
  covid = await loadNotice(join(import.meta.dirname, '../../content/notices/covid-19.md'));
});

const verdict = (title: string, body: string, published: string | null) => detectArticle(covid, { title, body, published: published ? new Date(published) : null });

describe('another outbreak, dated within the COVID-19 years', () => {
  it('reads the weak cues of a 2023 measles story as the measles outbreak’s', () => {
    const v = verdict(
      'Measles outbreak grows in Alder County',
      'Health officials said the outbreak has reached 40 cases in 2023. Some children were placed in quarantine, and clinic staff wear masks.',
      '2023-03-02',
    );
    expect(v.applies).toBe(false);
    expect(v.discounted).toBe('names Measles');
  });

  it('reads contact tracing and protective equipment in an Ebola story as Ebola’s', () => {
    const body = 'The outbreak has killed 20. Health workers in personal protective equipment traced contacts; contact tracing teams set up quarantine centers.';
    expect(verdict('Ebola cases rise along the river', body, '2022-10-01').applies).toBe(false);
  });

  it('still gives the notice when such a story names the coronavirus', () => {
    const v = verdict('Measles cases fall in schools', 'Measles cases fell as coronavirus restrictions kept children at home.', '2021-02-01');
    expect(v.applies).toBe(true);
    expect(v.terms).toEqual(['coronavirus']);
  });

  it('still counts weak cues together in a story about nothing else', () => {
    const body = 'Restaurants reopened with reduced capacity and plexiglass between tables. Staff wear masks, and social distancing markers line the floor.';
    expect(verdict('Diners return to Main Street', body, '2020-06-01').applies).toBe(true);
  });

  it('takes a mark of the era (lockdowns) over the other outbreak', () => {
    const body = 'Measles vaccinations fell during lockdowns, and doctors now fear the outbreak will spread; families in quarantine were told to wear masks.';
    expect(verdict('Measles returns', body, '2021-04-01').applies).toBe(true);
  });
});
