import { describe, expect, it } from 'vitest';
import { extractQuotes } from '../../src/newsroom/quotes';

const pairs = (body: string) => extractQuotes(body).map((q) => [q.text, q.speaker]);

describe('extractQuotes', () => {
  it('names a speaker in full without titles, and a later surname or "he added" is the same person', () => {
    const body = [
      '“We have nothing to announce about the meeting today,” a spokesperson, Brig. Gen. Pat Ryder, told reporters.',
      '“We remain concerned about the arms talks,” he added.',
      'Ryder said later that “no decision has been made at this point.”',
    ].join('\n\n');
    expect(pairs(body)).toEqual([
      ['We have nothing to announce about the meeting today,', 'Pat Ryder'],
      ['We remain concerned about the arms talks,', 'Pat Ryder'],
      ['no decision has been made at this point.', 'Pat Ryder'],
    ]);
  });

  it('handles "X said," before the quote, "said X, a title" after it, and "according to"', () => {
    const body = [
      'Mayor Lena Ortiz said, “The budget is balanced for the first time in a decade.”',
      '“We were not consulted about any of it,” said Tom Harlan, a spokesman for the teachers union.',
      'The plan would “cut wait times in half within a year,” according to the transit authority.',
    ].join('\n\n');
    expect(pairs(body)).toEqual([
      ['The budget is balanced for the first time in a decade.', 'Lena Ortiz'],
      ['We were not consulted about any of it,', 'Tom Harlan'],
      ['cut wait times in half within a year,', 'transit authority'],
    ]);
  });

  it('gives both halves of a split quote to the speaker between them', () => {
    expect(pairs('“The first half was poor,” coach Daniel Reyes said. “The second half was the best we have played.”')).toEqual([
      ['The first half was poor,', 'Daniel Reyes'],
      ['The second half was the best we have played.', 'Daniel Reyes'],
    ]);
  });

  it('carries a quotation that runs over paragraphs, and an unattributed quote paragraph, to the running speaker', () => {
    const body = [
      '"Our customers are digesting what they bought last year," Chief Executive Dana Whitfield told analysts. "We see a pause.',
      '"When that pause ends, we will be ready with new parts."',
      '"We are not cutting engineers to flatter one quarter."',
    ].join('\n\n');
    expect(pairs(body)).toEqual([
      ['Our customers are digesting what they bought last year,', 'Dana Whitfield'],
      ['We see a pause.', 'Dana Whitfield'],
      ['When that pause ends, we will be ready with new parts.', 'Dana Whitfield'],
      ['We are not cutting engineers to flatter one quarter.', 'Dana Whitfield'],
    ]);
  });

  it('resolves "the ministry" and "the agency" to the organisation as first named', () => {
    const body = [
      'The South Korean defense ministry said the leader crossed the border at dawn.',
      '“We are closely monitoring the talks between the two countries,” the ministry said.',
      'The trip was announced by state news agency KCNA. The leader received “a warm send-off from senior officials,” according to the agency.',
    ].join('\n\n');
    expect(pairs(body)).toEqual([
      ['We are closely monitoring the talks between the two countries,', 'South Korean defense ministry'],
      ['a warm send-off from senior officials,', 'KCNA'],
    ]);
  });

  it('sends "she" and "he" to the right people when a man and a woman both speak', () => {
    const body = [
      'Attorney Alina Das spoke first. “We are saddened by the news we received today,” she said.',
      'Ravi Ragbir said little at first. “I am preparing for the worst outcome,” he told reporters.',
      '“We will challenge any order in court,” she said.',
    ].join('\n\n');
    expect(pairs(body)).toEqual([
      ['We are saddened by the news we received today,', 'Alina Das'],
      ['I am preparing for the worst outcome,', 'Ravi Ragbir'],
      ['We will challenge any order in court,', 'Alina Das'],
    ]);
  });

  it('keeps nested single quotes inside the quotation, and reads straight and curly marks alike', () => {
    expect(pairs(`"I told them, 'Play like it is 0-0,' and they did," Reyes said.`)).toEqual([["I told them, 'Play like it is 0-0,' and they did,", 'Reyes']]);
    expect(pairs('“I told them to play like it is nil-nil,” Reyes said.')).toEqual([['I told them to play like it is nil-nil,', 'Reyes']]);
  });

  it('leaves out scare quotes under three words and quoted names that are not speech', () => {
    const body = 'The senator called the plan “reckless.” In her “Dear Members of the Faith Community” letter, the mayor urged patience, and the city set up a “virtual town hall meeting.”';
    expect(pairs(body)).toEqual([]);
  });

  it('reads offices with "of", organisations named with "the", and unnamed officials', () => {
    const body = [
      '“We will keep the pressure on Moscow,” said Secretary of State Antony Blinken.',
      'In a statement, the White House said: “The president is monitoring the situation closely.”',
      '“The talks went nowhere at all,” said an official, who spoke on condition of anonymity.',
      '“It is a tough day for everyone here,” Smith, 45, said. John Smith has run the shop since 1990.',
    ].join('\n\n');
    expect(pairs(body)).toEqual([
      ['We will keep the pressure on Moscow,', 'Antony Blinken'],
      ['The president is monitoring the situation closely.', 'White House'],
      ['The talks went nowhere at all,', 'official (unnamed)'],
      ['It is a tough day for everyone here,', 'John Smith'],
    ]);
  });

  it('survives copy errors: a surname misspelt by a letter, a quotation never closed', () => {
    const body = [
      'Zoyla Velasquez has lived beside the cemetery all her life.',
      '“The cemetery is sacred to all of us,” Velazquez said.',
      'Party chairman Alan Milburn said: "The speech confirms what we have always said. Asked about the family on stage, Mr Milburn said: "He is entitled to bring his family along."',
    ].join('\n\n');
    expect(pairs(body)).toEqual([
      ['The cemetery is sacred to all of us,', 'Zoyla Velasquez'],
      ['The speech confirms what we have always said.', 'Alan Milburn'],
      ['He is entitled to bring his family along.', 'Alan Milburn'],
    ]);
  });

  it('takes the phrase next to the verb as its subject when no comma closes an apposition', () => {
    const body = 'Mayor Lori Lightfoot spoke to reporters on Friday.\n\nPressed on what the city would do, the mayor would only say there are “a number of tools we can use.”';
    expect(pairs(body)).toEqual([['a number of tools we can use.', 'Lori Lightfoot']]);
  });

  it('reads past a dashed aside, a possessive apposition and a "(CNN)" dateline to the speaker', () => {
    const body = [
      '(CNN)Hillary Clinton spoke to reporters on Tuesday. “I fully complied with every rule,” she said.',
      'U.S. Secretary of State Condoleezza Rice -- who is in Turkey for a conference -- said the talks would go on. “The situation is just unfolding,” Rice said.',
      'Mahmud Ali Durrani, Pakistan’s ambassador to the United States, agreed. “I can assure you that democracy will return,” he said.',
    ].join('\n\n');
    expect(pairs(body)).toEqual([
      ['I fully complied with every rule,', 'Hillary Clinton'],
      ['The situation is just unfolding,', 'Condoleezza Rice'],
      ['I can assure you that democracy will return,', 'Mahmud Ali Durrani'],
    ]);
  });

  it('returns nothing for a body without quotations', () => {
    expect(extractQuotes('The council met on Tuesday. It adjourned at noon.')).toEqual([]);
  });
});
