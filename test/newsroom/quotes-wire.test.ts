// Wire-copy forms the speaker model reads (issue 14, second pass). Every example is invented for the
// test; none comes from an evaluation article.
import { describe, expect, it } from 'vitest';
import { personNamesIn } from '../../src/newsroom/attribution/introduced';
import { extractQuotes } from '../../src/newsroom/quotes';

const pairs = (body: string) => extractQuotes(body).map((q) => [q.text, q.speaker]);
const speakers = (body: string) => extractQuotes(body).map((q) => q.speaker);
const paragraphs = (...p: string[]) => p.join('\n\n');

describe('quotation marks of typewriter copy', () => {
  it('closes a quotation at doubled single marks (’’ and \'\')', () => {
    const body = '“We have done nothing wrong,’’ Vera Lund, a spokeswoman for Harbor Mills, told reporters. ‘‘The audit will show it.’’';
    expect(pairs(body)).toEqual([
      ['We have done nothing wrong,', 'Vera Lund'],
      ['The audit will show it.', 'Vera Lund'],
    ]);
    expect(speakers("``The vote is final,'' said Mayor Ed Prato.")).toEqual(['Ed Prato']);
  });
});

describe('names', () => {
  it('does not start a name inside an abbreviation ("D.C. Twitter")', () => {
    expect(personNamesIn('A group in Washington, D.C. Twitter users mocked it. Ida Marsh agreed.')).toEqual(['Ida Marsh']);
  });

  it('does not take a sentence-opening verb form for a first name ("Greeting Baker")', () => {
    const body = paragraphs(
      'Chief executive Tom Baker spoke on Tuesday.',
      'Greeting Baker at the door “was a thrill for all of us,” Lena Ruiz said.',
      '“We owe him a lot,” Baker said.',
    );
    expect(personNamesIn(body)).not.toContain('Greeting Baker');
    expect(speakers(body)).toEqual(['Lena Ruiz', 'Tom Baker']);
  });

  it('resolves a surname of two words to the full name ("Garcia Ruiz")', () => {
    const body = paragraphs('Midfielder Pablo Garcia Ruiz scored late.', '“I just hit it and hoped for the best,” Garcia Ruiz said.');
    expect(speakers(body)).toEqual(['Pablo Garcia Ruiz']);
  });

  it('reads an office with "for" as the speaker, not its last words', () => {
    expect(speakers('The European Commissioner for Digital Markets said the rules would “change nothing for small firms.”')).toEqual([
      'European Commissioner for Digital Markets',
    ]);
    expect(personNamesIn('He spoke at the Council on Public Lands with Mara Voss.')).toEqual(['Mara Voss']);
  });

  it('names "Norway’s foreign ministry" as the Norwegian foreign ministry', () => {
    expect(speakers('Norway’s foreign ministry said the decision was “a step backwards for the region.”')).toEqual(['Norwegian foreign ministry']);
  });

  it('gives a public figure named by surname alone the full name, unless the article names another', () => {
    expect(speakers('“We will win this one,” Mr. Trump said.')).toEqual(['Donald Trump']);
    expect(speakers(paragraphs('Ivanka Trump visited the plant.', '“It is a great day,” Ms. Trump said.'))).toEqual(['Ivanka Trump']);
    expect(speakers('“I am proud of the garden,” Mrs. Obama said.')).toEqual(['Obama']);
  });

  it('is never a single letter ("E! News")', () => {
    expect(speakers('According to Q! Weekly, the band “will not tour again this year.”')).not.toContain('Q');
  });
});

describe('who a sentence says is speaking', () => {
  it('gives a participle’s quotation to the main clause’s subject ("X weighed in, telling Y, “…”")', () => {
    const body = '“We all owe her a great deal,” Nils Arden chimed in, telling Petra Vogt, “and we will not forget it.”';
    expect(speakers(body)).toEqual(['Nils Arden', 'Nils Arden']);
    expect(speakers('Mayor Jo Kent condemned the vandalism, saying “this is not who we are as a town.”')).toEqual(['Jo Kent']);
  });

  it('never reads the object of "told" as an inverted subject', () => {
    const body = 'Dale Ostrow, who will chair the new board, told investors of Lakeview Holdings that the deal would “create lasting value for everyone.”';
    expect(speakers(body)).toEqual(['Dale Ostrow']);
  });

  it('takes a pronoun right before the verb, and carries the verb to a second quotation', () => {
    const body = paragraphs(
      'Singer Ana Bell lost the case in May.',
      'In a blog post at the time she described the ruling as “a slap in the face” and called it “an insult to every voter.”',
    );
    expect(speakers(body)).toEqual(['Ana Bell', 'Ana Bell']);
  });

  it('gives a second quotation with no verb of its own to the sentence’s speaker', () => {
    const body = paragraphs('Governor Ray Holt toured the site.', 'Mr Holt said it was “deeply troubling” that nothing had changed “despite years of warnings from staff.”');
    expect(pairs(body)).toEqual([['despite years of warnings from staff.', 'Ray Holt']]);
  });

  it('reads a subject led by lower-case words of office ("Veteran defenseman Karl Moss, who …")', () => {
    const body = paragraphs(
      '“They never quit,” coach Ben Ortiz said.',
      'Veteran defenseman Karl Moss, who scored twice, could not hide a smile.',
      '“It felt good to help the team,” he said.',
    );
    expect(speakers(body)).toEqual(['Ben Ortiz', 'Karl Moss']);
  });

  it('reads "According to a 2021 study by X" as X', () => {
    const body = 'According to a 2021 study by Rhea Lin of Dalton University, most clinics “cannot keep nurses for a year.”';
    expect(speakers(body)).toEqual(['Rhea Lin']);
  });

  it('gives "X issued a statement warning that “…”" to X, an organisation named with "the"', () => {
    const body = 'In a sign of the strain, the Water Services Board, which sets tariffs, issued a statement warning that “prices will rise for every household next year.”';
    expect(speakers(body)).toEqual(['Water Services Board']);
  });

  it('finds the subject past an opening time phrase ("On Friday, X issued a statement")', () => {
    const body = paragraphs('On Friday, Harlow Foods issued a statement.', '“We regret the error and will refund every customer,” the statement said.');
    expect(speakers(body)).toEqual(['Harlow Foods']);
  });
});

describe('appositions', () => {
  it('keeps the named spokeswoman, not her employer, when the clause opens with her name', () => {
    const body = paragraphs(
      'Anna Ruiz, a spokeswoman for Delta Freight, said the firm “will cooperate fully with investigators.”',
      '“We have nothing to hide,” she added.',
    );
    expect(speakers(body)).toEqual(['Anna Ruiz', 'Anna Ruiz']);
  });

  it('reads "the Prime Minister, Liz Varga" as the person, not "Minister"', () => {
    expect(speakers('‘We will not be bullied by anyone,’ said the Prime Minister, Liz Varga.')).toEqual(['Liz Varga']);
  });

  it('reads "Her husband, Ray Marsh, disagreed" as introducing Ray Marsh, whom "he" then means', () => {
    const body = '“I don’t think he understood the risk,” said Helen Marsh. Her husband, Ray Marsh, disagreed. “He knew exactly what he was doing,” he said.';
    expect(speakers(body)).toEqual(['Helen Marsh', 'Ray Marsh']);
  });
});

describe('anonymous sources', () => {
  it('names someone speaking for an organisation by it: "a spokesperson for the X" -> "X spokesperson (unnamed)"', () => {
    const body = 'A spokesperson for the Ministry of Fisheries said the quotas “are final and will not be revisited.”';
    expect(speakers(body)).toEqual(['Ministry of Fisheries spokesperson (unnamed)']);
  });

  it('names "a witness" as someone unnamed, and "a police statement" by who issued it', () => {
    const body = '“There was blood everywhere,” a witness told local television. “I have never seen anything like that.”';
    expect(speakers(body)).toEqual(['witness (unnamed)', 'witness (unnamed)']);
    expect(speakers('“The investigation is ongoing and wide,” according to a police statement.')).toEqual(['police']);
    expect(speakers('“We stand by every word,” according to a new Harbor Health memo.')).toEqual(['Harbor Health']);
  });

  it('reads a possessive representative ("Quill’s rep") with the full name', () => {
    const body = paragraphs('Singer Tara Quill has not commented.', 'Quill’s rep told reporters that “she is resting at home with family.”');
    expect(speakers(body)).toEqual(['Tara Quill’s representative (unnamed)']);
  });

  it('reads "the nurses" as the group named after them ("Nurses for Safe Wards"), not as a crowd', () => {
    const body = paragraphs(
      'The nurses, members of a new group called Nurses for Safe Wards, wrote to the board last week.',
      '“We cannot staff these wards safely any longer,” the nurses wrote.',
    );
    expect(speakers(body)).toEqual(['Nurses for Safe Wards']);
  });

  it('gives a quotation inside "X said that … Y had concluded “…”" to X, who is speaking', () => {
    const body = 'Ortega said that after a review the board had concluded the plan was “sound, if expensive, and worth doing.”';
    expect(speakers(paragraphs('Treasurer Luis Ortega spoke first.', body))).toEqual(['Luis Ortega']);
  });

  it('keeps "a senior official" and "the official" one anonymous source, apart from the person named', () => {
    const body = paragraphs(
      'Minister Lars Eng met the delegation on Monday.',
      '“There was no deal on the table,” a senior official said.',
      '“Nobody expected one,” the official added.',
    );
    expect(speakers(body)).toEqual(['senior official (unnamed)', 'senior official (unnamed)']);
  });
});

describe('names and titles in quotation marks', () => {
  it('does not take a titled slogan before the noun it names for speech', () => {
    expect(pairs('The state’s viral “Drugs. Not here.” awareness campaign drew mockery.')).toEqual([]);
    expect(pairs('The agency behind the “think before you text” campaign won an award.')).toEqual([]);
    expect(pairs('Her firm made the road safety campaign “Slow down out there.”')).toEqual([]);
  });
});

describe('an apposition that ends in an adverb', () => {
  it('reads "An official, who was not authorized to speak publicly, said" as the official', () => {
    const body = [
      'A Moldovan official, who was not authorized to speak publicly, said the border would stay shut.',
      '“Nobody crosses until the inspectors arrive,” the official said.',
    ].join('\n\n');
    expect(extractQuotes(body).map((q) => q.speaker)).toEqual(['Moldovan official (unnamed)']);
  });
});

describe('people of organisations, and "and" inside a body’s name', () => {
  it('reads "Sara Lind of Leerink Partners" as the person, though the organisation ends the run', () => {
    const body = 'Another analyst, Tove Brandt of Skerry Capital Partners, said the setback was “painful but not fatal.”';
    expect(extractQuotes(body).map((q) => q.speaker)).toEqual(['Tove Brandt']);
  });

  it('keeps "The Food and Drug Administration" whole, and "the regulator" later is it', () => {
    const body = [
      'The Seed and Grain Administration said on Monday that it had rejected the application.',
      'In March, the regulator had turned down a smaller request. “The evidence of benefit was thin,” the regulator said.',
    ].join('\n\n');
    expect(extractQuotes(body).map((q) => q.speaker)).toEqual(['Seed and Grain Administration']);
  });
});

describe('a name after an owner', () => {
  it('reads "Labour’s Rachel Reeves" as Rachel Reeves, not a first name "Labour’s"', () => {
    expect(personNamesIn('Labour’s Imogen Vance spoke first, then Britain’s Ottavio Ruiz.')).toEqual(['Imogen Vance', 'Ottavio Ruiz']);
    expect(extractQuotes('Labour’s Imogen Vance said: ‘People aren’t daft. They can see the bills.’').map((q) => q.speaker)).toEqual(['Imogen Vance']);
  });
});

describe('a name that qualifies a body', () => {
  it('takes "The Harlow administration" as the administration, not the person Harlow', () => {
    const body = 'Governor Mae Harlow signed the order in May. The Harlow administration filed an appeal on Monday. “We disagree with the ruling in the strongest terms.”';
    expect(extractQuotes(body).map((q) => q.speaker)).toEqual(['Harlow administration']);
  });

  it('does not give a fragment to a name that only owns the subject ("The Harlow campaign’s ads")', () => {
    const body = 'Governor Mae Harlow spoke on Monday. The Harlow campaign’s new ads say rivals are “coming after your pension savings.”';
    expect(extractQuotes(body).map((q) => q.speaker)).not.toContain('Mae Harlow');
  });
});

describe('someone unnamed speaking for a body or a person named before', () => {
  it('credits "a spokesman for the ministry" as the ministry’s spokesman, not the ministry', () => {
    const body = [
      'The Latvian Interior Ministry ordered the checkpoints reopened on Friday.',
      '“Traffic will be back to normal by Monday,” a spokesman for the ministry said.',
    ].join('\n\n');
    expect(extractQuotes(body).map((q) => q.speaker)).toEqual(['Latvian Interior Ministry spokesman (unnamed)']);
  });

  it('credits "a representative for the singer" as the singer’s representative', () => {
    const body = [
      'The singer Nell Carrow announced her retirement on Sunday.',
      'Asked about a farewell tour, a representative for the singer said: “Nothing has been decided.”',
    ].join('\n\n');
    expect(extractQuotes(body).map((q) => q.speaker)).toEqual(['Nell Carrow representative (unnamed)']);
  });
});

describe('a clause after a quotation that opens the next one', () => {
  it('keeps “… and a spokeswoman added: ‘…’” from taking the quotation before it', () => {
    const body = 'The Harbour Board said it would ‘review the whole incident’ and a spokeswoman added: ‘We won’t comment further at this stage.’';
    expect(extractQuotes(body).map((q) => q.speaker)[0]).toBe('Harbour Board');
  });
});

describe('people a wire story names by first name only', () => {
  it('takes "who gave only her first name, Samira," as a woman, so "she said" after it is her', () => {
    const body = [
      '“We are in constant contact with both sides,” said Aurelio Benn, a spokesman for the mission.',
      'A resident of the hill village, who gave only her first name, Samira, said her family had fled. “We left everything behind,” she said.',
    ].join('\n\n');
    expect(extractQuotes(body).map((q) => q.speaker)).toEqual(['Aurelio Benn', 'Samira']);
  });

  it('takes "a man identified only as Tarek" as a person', () => {
    const body = 'A fisherman identified only as Tarek said the boats had not gone out for a week. “There is nothing left to catch,” he said.';
    expect(extractQuotes(body).map((q) => q.speaker)).toEqual(['Tarek']);
  });
});

describe('a sentence after a quotation that names who said it', () => {
  it('reads "That was the message from X" and "So says X" as the speaker of the quotation before', () => {
    const body = [
      '“We are not leaving until the last boat is safe.” That was the message from Mayor Ines Calder on Monday as crews worked.',
      '“It will take years to rebuild the pier, not months.” So says harbour master Odile Brant, who has worked there for decades.',
    ].join('\n\n');
    expect(extractQuotes(body).map((q) => q.speaker)).toEqual(['Ines Calder', 'Odile Brant']);
  });

  it('leaves a quotation already attributed alone', () => {
    const body = '“We are not leaving,” said Ines Calder. That was the view of most residents too.';
    expect(extractQuotes(body).map((q) => q.speaker)).toEqual(['Ines Calder']);
  });
});
