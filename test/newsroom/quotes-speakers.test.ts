// The speaker model on newswire name forms, anonymous sources, documents and organisations. Every
// example is written for the test (none is taken from an evaluation article).
import { describe, expect, it } from 'vitest';
import { personNamesIn } from '../../src/newsroom/attribution/introduced';
import { extractQuotes } from '../../src/newsroom/quotes';

const pairs = (body: string) => extractQuotes(body).map((q) => [q.text, q.speaker]);
const speakers = (body: string) => extractQuotes(body).map((q) => q.speaker);

describe('full names as newswire writes them', () => {
  it('reads "Sen. Name of State" and "Rep. Name, D-State" as the person, and a later surname as them', () => {
    const body = [
      'Sen. Marla Quint of Oregon said the bill “would gut the rural hospitals we fought for.”',
      'Rep. Owen Tallis, D-Vt., disagreed. “This is a rescue, not a cut,” Tallis said.',
      '“We will see in conference,” Quint said.',
    ].join('\n\n');
    expect(speakers(body)).toEqual(['Marla Quint', 'Owen Tallis', 'Marla Quint']);
  });

  it('keeps a place in a title ("envoy to Peru") out of the name', () => {
    expect(personNamesIn('The former envoy to Peru Dana Whitcombe spoke first.')).toEqual(['Dana Whitcombe']);
  });

  it('reads surnames with an inner capital (McKinnon, DeLuca) whole', () => {
    const body = [
      'State schools chief Nora McKinnon has opposed the plan.',
      '“Our teachers are leaving for other states,” McKinnon said.',
    ].join('\n\n');
    expect(speakers(body)).toEqual(['Nora McKinnon']);
  });

  it('does not take a sentence-opening word or a bare title for a name', () => {
    expect(personNamesIn('Despite Mr. Vance winning, nothing changed. While Ms. Ruiz spoke, Even Hale left.')).toEqual([]);
  });

  it('resolves a person introduced in a relative clause or as an object', () => {
    const body = [
      'The inquiry heard from residents, including a retired nurse, Ines Barrow, who lived beside the plant.',
      '“The smell came every night,” Barrow said.',
    ].join('\n\n');
    expect(speakers(body)).toEqual(['Ines Barrow']);
  });

  it('ties a first name and surname written without the middle name to the full name', () => {
    const body = [
      'The family was led by Kahu Wiremu Tane, a carver from the coast.',
      '“We came as soon as we heard,” Kahu Tane said.',
    ].join('\n\n');
    expect(speakers(body)).toEqual(['Kahu Wiremu Tane']);
  });
});

describe('organisations', () => {
  it('keeps "of" inside an organisation name as a speaker', () => {
    expect(speakers('“Visitors should stay on the marked paths,” the Alberta Department of Parks said.')).toEqual(['Alberta Department of Parks']);
  });

  it('resolves "the company" and a short form to the organisation named before', () => {
    const body = [
      'Harbor Lane Productions said on Monday that it had not signed the deal.',
      '“No agreement has been reached with the network,” the production company said.',
    ].join('\n\n');
    expect(speakers(body)).toEqual(['Harbor Lane Productions']);
  });
});

describe('anonymous speakers', () => {
  it('keeps an unnamed official apart from the last named person', () => {
    const body = [
      'Gov. Tessa Lund announced the closures on Friday.',
      '“We expect the roads to reopen by Sunday at the earliest,” a senior state official said.',
      '“Crews are working through the night,” the official said.',
    ].join('\n\n');
    const got = speakers(body);
    expect(got[0]).not.toBe('Tessa Lund');
    expect(got[1]).toBe(got[0]);
  });
});

describe('documents', () => {
  it('credits "the statement said" and "the letter reads" to the author of the document', () => {
    const body = [
      'Northgate Water issued a statement on Tuesday after the outage.',
      '“Service has been restored to every household in the district,” the statement said.',
      'The nurses union sent a letter to the hospital board.',
      '“Staffing on the night shift is no longer safe for patients,” the letter reads.',
    ].join('\n\n');
    expect(speakers(body)).toEqual(['Northgate Water', 'nurses union']);
  });

  it('credits a quotation in "X wrote in a memo" to X', () => {
    expect(pairs('In a memo to staff, chief executive Rhoda Penn wrote that the office would “remain closed until further notice.”')).toEqual([
      ['remain closed until further notice.', 'Rhoda Penn'],
    ]);
  });
});

describe('reported-speech fragments', () => {
  it('keeps a fragment after a determiner when a speaker and a speech verb frame it', () => {
    expect(pairs('Gutierrez said the ruling was a “serious blow to tenants across the city.”')).toEqual([
      ['serious blow to tenants across the city.', 'Gutierrez'],
    ]);
  });

  it('knows less common reporting verbs: cited, characterized, advises', () => {
    const body = [
      'Auditor Pia Renner characterized the spending as “a pattern of careless bookkeeping.”',
      'The guidance advises residents to “boil all tap water before drinking it.”',
    ].join('\n\n');
    expect(pairs(body)[0]).toEqual(['a pattern of careless bookkeeping.', 'Pia Renner']);
  });

  it('drops a quoted name after an article when the speech verb belongs to another clause', () => {
    expect(pairs('Councillor Jo Brand urged calm, and the city opened a “community listening hub” downtown.')).toEqual([]);
  });

  it('still drops a quoted name after a possessive or an article without a speech verb', () => {
    expect(pairs('The museum’s “Under the Northern Sky” exhibit opens in May. Visitors can book a “night at the galleries” tour.')).toEqual([]);
  });
});

describe('single and nested quotation marks', () => {
  it('reads single-quoted quotations in British style, nested double quotes inside them', () => {
    const body = [
      'Health secretary Alan Pryce said: ‘We will not let waiting lists grow again this winter.’',
      '‘Patients told us the “new normal” was not good enough,’ he added.',
    ].join('\n\n');
    expect(pairs(body)).toEqual([
      ['We will not let waiting lists grow again this winter.', 'Alan Pryce'],
      ['Patients told us the “new normal” was not good enough,', 'Alan Pryce'],
    ]);
  });

  it('does not take apostrophes for quotation marks', () => {
    expect(pairs('The players’ union said it wasn’t told. Fans of the ’90s side didn’t mind.')).toEqual([]);
  });

  it('keeps a single-quoted quotation inside a double-quoted one as part of it', () => {
    expect(pairs('“He told me, ‘You will never work here again,’ and walked out,” Lorna Vey said.')).toEqual([
      ['He told me, ‘You will never work here again,’ and walked out,', 'Lorna Vey'],
    ]);
  });
});

describe('single quotation marks do not take over double-quoted paragraphs', () => {
  it('keeps a double-quoted quotation after a short single-quoted word', () => {
    expect(pairs('The old rock \'n\' roll hall reopened. “We waited ten long years for this,” owner Bea Lorne said.')).toEqual([
      ['We waited ten long years for this,', 'Bea Lorne'],
    ]);
  });
});

describe('attribution around nested marks and documents', () => {
  it('attributes a quotation that ends in a nested question to the name after it', () => {
    const body = 'Clerk Maya Odell was in the room. “She asked me, ‘Did you sign the form?’” Odell testified.';
    expect(speakers(body)).toEqual(['Maya Odell']);
  });

  it('keeps a long apposition after a question with the quotation', () => {
    const body = '“Who will pay for the repairs now?” Tomas Ekberg, the chairman of the regional tenants association, said on Friday.';
    expect(speakers(body)).toEqual(['Tomas Ekberg']);
  });

  it('credits "said a report from X" to X, and a new report to no one known', () => {
    const body = [
      'Analyst Rui Falcao said demand would slow.',
      '“Margins will be under pressure through the summer,” said a report from Lindqvist Securities.',
    ].join('\n\n');
    expect(speakers(body)).toEqual(['Lindqvist Securities']);
  });
});

describe('titles, signs and slogans', () => {
  it('does not take a quotation in title case for speech', () => {
    const body = 'Marchers carried signs reading “Clean Air for Every Child” and sang “Here Comes the Sun” as organizer Lise Varga said the city “has waited long enough.”';
    expect(pairs(body)).toEqual([['has waited long enough.', 'Lise Varga']]);
  });
});

describe('names followed by a place', () => {
  it('reads "ranger Jo Amsel of Fernhill" as Jo Amsel, and "Secretary of State" as an office', () => {
    expect(personNamesIn('Park ranger Jo Amsel of Fernhill reported it to Secretary of State Ada Kwan.')).toEqual(['Jo Amsel', 'Ada Kwan']);
  });
});

describe('inverted attribution at the end of a sentence', () => {
  it('gives a quotation inside the sentence to the named person after "said another ..."', () => {
    const body = 'Harlan Moss was in charge. He told staff the audit was “a formality and nothing more” before it began, said another manager at the plant, former supervisor Ruth Adair.';
    expect(pairs(body)).toEqual([['a formality and nothing more', 'Ruth Adair']]);
  });

  it('keeps a fragment after a possessive when a speaker frames it', () => {
    expect(pairs('Professor Ivo Brandt said the minister’s “habit of changing course every week” had hurt the talks.')).toEqual([
      ['habit of changing course every week', 'Ivo Brandt'],
    ]);
  });
});

describe('subjects set off by commas', () => {
  it('takes the name in "The leader of X, Name, condemned ..." as the subject of the sentence', () => {
    const body = 'The head of the Marsh Party, Leon Okafor, condemned the vote, saying in a statement that it “will not silence the voters of the valley.”';
    expect(pairs(body)).toEqual([['will not silence the voters of the valley.', 'Leon Okafor']]);
  });

  it('takes "Name, Head of X at Y, pointed out ..." as who "he said" means next', () => {
    const body = [
      'Gita Raman, Head of Research at Orion Brokers, pointed out that small firms were lagging.',
      '“It is a market for stock pickers, not for index funds,” she said.',
    ].join('\n\n');
    expect(speakers(body)).toEqual(['Gita Raman']);
  });
});

describe('gender shown by a title', () => {
  it('gives "she said" to the woman named as "Ms." rather than the man named after her', () => {
    const body = [
      'Ms. Ana Pell, the council chair, opened the meeting.',
      '“We will vote on the budget today,” Mr. Rob Tait said.',
      '“The vote is final and binding,” she said.',
    ].join('\n\n');
    expect(speakers(body)).toEqual(['Rob Tait', 'Ana Pell']);
  });
});

describe('acronyms', () => {
  it('reads an acronym the article defined as the organisation it stands for', () => {
    const body = [
      'The Coastal Fisheries Board (CFB) met on Thursday.',
      '“Quotas for next year will be cut by a fifth,” CFB said in a statement.',
    ].join('\n\n');
    expect(speakers(body)).toEqual(['Coastal Fisheries Board']);
  });
});

describe('speech verbs that are nouns too', () => {
  it('does not read "at Labour claims" as Labour speaking', () => {
    const body = [
      'Mr Fenwick denied he had been “playing games with the figures all along”. And he hit back at Labour claims he had misled voters. “I have never misled anyone in this country.” Mr Fenwick said his party would publish the numbers.',
    ].join('\n\n');
    expect(speakers(body)).toEqual(['Fenwick', 'Fenwick']);
  });
});

describe('more wire forms', () => {
  it('skips a party-and-state tag before the verb: "Sen. Name, R-Iowa, said"', () => {
    expect(speakers('Sen. Chuck Dorsey, R-Iowa, said the measure “goes too far, too fast.”')).toEqual(['Chuck Dorsey']);
  });

  it('reads a hyphenated title ("Secretary-General") as a title', () => {
    expect(speakers('“We need a ceasefire now,” U.N. Secretary-General Ana Moretti told reporters.')).toEqual(['Ana Moretti']);
  });

  it('keeps "Justice Department" whole although "justice" is a title', () => {
    expect(speakers('The Justice Department said in a court filing that the records “were deliberately concealed.”')).toEqual(['Justice Department']);
  });

  it('makes "the official" no one named an anonymous source, not the last person named', () => {
    const body = [
      'Mayor Rosa Imbert spoke first.',
      '“There’s no way we can sustain this,” said the official, who spoke on condition of anonymity.',
    ].join('\n\n');
    expect(speakers(body)).toEqual(['official (unnamed)']);
  });

  it('knows "the senator" is the person introduced as "Sen."', () => {
    const body = [
      'Sen. Ada Quint arrived on Monday. Gov. Lou Brask joined her an hour later.',
      '“We made real progress on the water deal,” the senator said.',
    ].join('\n\n');
    expect(speakers(body)).toEqual(['Ada Quint']);
  });
});

describe('time words and organisations spoken for', () => {
  it('skips "on Tuesday" between the subject and the verb', () => {
    expect(speakers('President Maria Soto on Tuesday called the report “deeply flawed and politically motivated.”')).toEqual(['Maria Soto']);
  });

  it('reads "the company" as the one organisation a spokesperson was sought from', () => {
    const body = 'A spokesperson for Voltra Motors did not respond to a request for comment. The company has previously said its cars “are the safest on the road today.”';
    expect(speakers(body)).toEqual(['Voltra Motors']);
  });
});

describe('people known by a surname only, and undefined acronyms', () => {
  it('takes "Mr Hale" as a person, so "he added" is him', () => {
    const body = 'Mr Hale told MPs: “I will not apologise for this budget.”\n\nHe added: “We are getting on with the job.”';
    expect(speakers(body)).toEqual(['Hale', 'Hale']);
  });

  it('reads an acronym as the name written in full earlier whose initials it is', () => {
    const body = 'The study by the Centre for Rural Housing found rents rising fast. The CRH said the gap was “bigger than anyone admits”.';
    expect(speakers(body)).toEqual(['Centre for Rural Housing']);
  });

  it('gives a quotation to "the former minister" when no one has been named yet', () => {
    expect(speakers('Writing in a newspaper, the former minister said the plan “makes no sense at all”.')).toEqual(['former minister']);
  });
});

describe('name particles and everyday people', () => {
  it('reads "Pieter de Vries" whole, so "he said" after him is him', () => {
    const body = '“The data are clear,” said Hana Kim of the central bank. But Pieter de Vries, an economist at a Dutch lender, disagreed. “The data are anything but clear,” he said.';
    expect(speakers(body)).toEqual(['Hana Kim', 'Pieter de Vries']);
  });

  it('takes "one inmate" as an anonymous speaker of their own', () => {
    const body = '“I can’t breathe in there,” one inmate wrote in a letter to the court. “The air is thick with smoke.”';
    expect(speakers(body)).toEqual(['inmate (unnamed)', 'inmate (unnamed)']);
  });
});

describe('crowds in indirect speech', () => {
  it('keeps a quotation after "Residents say ..." with the speaker quoted before in the paragraph', () => {
    const body = '“This field is where our grandparents are buried,” farmer Ines Calla said. Local leaders say the fight is about more than land. “We will not sell it at any price.”';
    expect(speakers(body)).toEqual(['Ines Calla', 'Ines Calla']);
  });
});

describe('organisations named like people', () => {
  it('takes a name that is "its" for an organisation, so "the bank said" is it', () => {
    const body = 'Hollis Crane raised its forecast on Monday. “Growth is holding up better than feared,” the bank said in a note to clients.';
    expect(speakers(body)).toEqual(['Hollis Crane']);
  });
});

describe('single-quoted continuations', () => {
  it('carries a single-quoted paragraph of its own to the running speaker', () => {
    const body = [
      '‘The waiting lists are too long,’ said Dr Imogen Reyes, who runs the clinic.',
      'Most patients wait six months.',
      '‘We need twice the staff we have to clear them this year.’',
    ].join('\n\n');
    expect(speakers(body)).toEqual(['Imogen Reyes', 'Imogen Reyes']);
  });
});

describe('job nouns and other words for the same role', () => {
  it('knows medical and legal job nouns as people ("the surgeon", "the prosecutor")', () => {
    const body = [
      'The operation was led by surgeon Hal Brenner, with prosecutor Ivy Stroud watching the inquiry.',
      '“We had four minutes to stop the bleeding,” the surgeon said.',
    ].join('\n\n');
    expect(speakers(body)).toEqual(['Hal Brenner']);
  });

  it('takes "the epidemiologist" for the person an apposition introduced as one, not the last person named', () => {
    const body = [
      'Figures compiled by Noor Halabi, a state epidemiologist, show cases doubling every week.',
      'Mayor Colm Reddy said schools would stay open.',
      '“Doubling time is the number to watch,” the epidemiologist said.',
    ].join('\n\n');
    expect(speakers(body)).toEqual(['Noor Halabi']);
  });

  it('takes "the physician" for the person a "Dr." title made a doctor', () => {
    const body = [
      'Dr. Mara Ellison treated both workers at the county clinic on Friday.',
      'The mill reopened on Monday.',
      '“Their burns were not minor at all,” the physician said.',
    ].join('\n\n');
    expect(speakers(body)).toEqual(['Mara Ellison']);
  });

  it('takes "the physicians" for a group the article names after doctors', () => {
    const body = [
      'Doctors for Safer Ports, a group of volunteer physicians, wrote to the minister on Friday.',
      'The ministry has not replied.',
      '“The workers deserve better care than this,” the physicians wrote.',
    ].join('\n\n');
    expect(speakers(body)).toEqual(['Doctors for Safer Ports']);
  });
});

describe('organisations spoken of anywhere in a sentence', () => {
  it('takes "the company" for the organisation named last, even as an object', () => {
    const body = [
      'Pell Street Records issued a statement on Sunday.',
      'Harbor Lane Productions said on Monday that it had not signed the deal.',
      'On Tuesday the mayor accused Pell Street Records of stalling the talks.',
      '“We have offered to meet every week since March,” the company said.',
    ].join('\n\n');
    expect(speakers(body)).toEqual(['Pell Street Records']);
  });

  it('keeps an organisation that has spoken ahead of one only named since', () => {
    const body = [
      'Acme Freight Corp said on Monday it would cut 500 jobs.',
      'The cuts follow a failed merger with Beta Industries last year.',
      '“We have to adapt to a smaller market,” the company said.',
    ].join('\n\n');
    expect(speakers(body)).toEqual(['Acme Freight Corp']);
  });

  it('keeps a sentence’s subject ahead of the organisations it names as objects', () => {
    const body = [
      'Quarry Hill Holdings agreed on Monday to buy Tamsin Brewing Company for $40 million.',
      '“The deal doubles our reach in the north,” the company said.',
    ].join('\n\n');
    expect(speakers(body)).toEqual(['Quarry Hill Holdings']);
  });

  it('reads an organisation an apposition calls a firm or a group, though its name looks like a person’s', () => {
    const body = [
      'Regulators fined Orbis Freight, a logistics firm that runs most of the cranes, on Tuesday.',
      '“We will appeal the ruling,” the company said.',
      'The fine was sought by the group that speaks for dock workers, Harbour Voices, after a crane fell.',
      '“No fine brings back a lost week of wages,” the group said.',
    ].join('\n\n');
    expect(speakers(body)).toEqual(['Orbis Freight', 'Harbour Voices']);
  });

  it('keeps "for", "of" and "and" inside an organisation’s name and gives "the campaign" and "the agency" to it', () => {
    const body = [
      'The inquiry was opened at the request of the Campaign for Cleaner Rivers after a leak at the site.',
      '“This was avoidable from the start,” the campaign said.',
      'Officials at the Office for Water Safety and Sanitation were not told of the leak.',
      '“We learned of it from the press like everyone else,” the agency said in a statement.',
    ].join('\n\n');
    expect(speakers(body)).toEqual(['Campaign for Cleaner Rivers', 'Office for Water Safety and Sanitation']);
  });

  it('does not carry a date into a name after a group noun ("regulator Portwatch on Monday")', () => {
    const body = [
      'Harbour regulator Portwatch on Monday fined three shipping lines for late filings.',
      'The regulator said in a statement that the fines were the largest it had issued.',
      '“Late filings put crews at risk,” it added.',
    ].join('\n\n');
    expect(speakers(body)).toEqual(['Portwatch']);
  });

  it('does not take a capitalised common noun that opens a caption ("Party plans:") for an organisation', () => {
    const body = [
      'Members of the supper club wrote to the chef on Friday.',
      'Party plans: The club said the dinner would go ahead in June.',
      'The group even printed an invitation. “Bring your appetite,” the group said.',
    ].join('\n\n');
    expect(speakers(body)).not.toContain('Party');
  });

  it('does not take a news outlet that was told something for "the company"', () => {
    const body = [
      'Prices at Tamsin Brewing Company rose in May, its chief executive told Reuters.',
      '“Barley costs have doubled since the drought,” the company said.',
    ].join('\n\n');
    expect(speakers(body)).toEqual(['Tamsin Brewing Company']);
  });

  it('reads a name after a group noun whole: "the group Physicians for Open Borders"', () => {
    const body = ['The letter was drafted by the group Physicians for Open Borders and sent on Monday.', '“We are ready to start on Friday,” the group said.'].join('\n\n');
    expect(speakers(body)).toEqual(['Physicians for Open Borders']);
  });
});

describe('a quotation standing alone after narrative about one person', () => {
  it('gives it to the one person the paragraph before names, not to the last speaker', () => {
    const body = [
      '“The river was clear when I was a boy,” said Tomas Ferreira, who has fished it for sixty years.',
      '“Nobody listens to us,” said Lina Oduya, a farmer downstream.',
      'For Ferreira and his brothers, the loss of the fish is personal.',
      '“My father taught me here. My grandsons will never learn.”',
    ].join('\n\n');
    expect(speakers(body)).toEqual(['Tomas Ferreira', 'Lina Oduya', 'Tomas Ferreira']);
  });

  it('leaves it with the last speaker when the paragraph names someone only as an owner, or several people', () => {
    const body = [
      '“The river was clear when I was a boy,” said Tomas Ferreira, who has fished it for sixty years.',
      '“Nobody listens to us,” said Lina Oduya, a farmer downstream.',
      'Since Ferreira’s nephew took over the boats, the catch has fallen.',
      '“We asked the council three times.”',
      'For both Ferreira and Oduya, the petition is the last hope.',
      '“We will ask again in spring.”',
    ].join('\n\n');
    expect(speakers(body)).toEqual(['Tomas Ferreira', 'Lina Oduya', 'Lina Oduya', 'Lina Oduya']);
  });
});

describe('someone named with no one as the sentence’s subject', () => {
  it('takes the one person a sentence names as who "he" means next', () => {
    const body = [
      'Ruth Adair, the transport minister, said the line would reopen in May. Writing online, she called the delay “a scandal for every commuter”.',
      'Her comments were echoed by backbencher Tom Quill. “Commuters have waited long enough,” he said.',
    ].join('\n\n');
    expect(speakers(body)).toEqual(['Ruth Adair', 'Tom Quill']);
  });
});

describe('relatives named by first name alone', () => {
  it('takes "Her husband, Kwabena," as a person, so "he says" after it is him', () => {
    const body = [
      'Efua Mensah has run the market stall for eleven years. “It feeds three families,” she says.',
      'Her husband, Kwabena, drives the van. “I have never seen prices like these,” he says.',
    ].join('\n\n');
    expect(speakers(body)).toEqual(['Efua Mensah', 'Kwabena']);
  });
});

describe('colleges, schools, charities and trusts', () => {
  it('reads "The college said" as the college named before, and a name without the acronym it defines', () => {
    const body = [
      'The Royal College of Midwives warned of gaps on night shifts.',
      'The Northern Ferry Workers Union (NFWU) said the plan had “lost all credibility with crews”.',
      'The college said the figures were a ‘wake-up call for every hospital’.',
    ].join('\n\n');
    expect(speakers(body)).toEqual(['Northern Ferry Workers Union', 'Royal College of Midwives']);
  });
});
