// Sentences in the shapes of wire, UK and feature copy, written for the test (none taken from an
// evaluation article), with who each quotation belongs to. A table: one shape a line.
import { describe, expect, it } from 'vitest';
import { extractQuotes } from '../../src/newsroom/quotes';

const P = (...p: string[]) => p.join('\n\n');

const CASES: [string, (string | null)[]][] = [
  ['Sen. Maria Cantwell of Washington said the bill “does nothing for families.”', ['Maria Cantwell']],
  ['“We are not going anywhere,” said Rep. Tom Ellis, D-Ohio.', ['Tom Ellis']],
  ['“The numbers are clear,” said Rep. Tom Ellis, R-Texas, who chairs the panel. “We have to act now.”', ['Tom Ellis', 'Tom Ellis']],
  [P('Gov. Ann Pike signed the order Friday.', '“This is a good day for the state,” the governor said.'), ['Ann Pike']],
  ['Dr. Omar Haddad, an epidemiologist at Ridgeway University, said cases “are clearly rising in the north.”', ['Omar Haddad']],
  ['“It was chaos,” said Lina Petrov, 34, who was on the train. “People were screaming.”', ['Lina Petrov', 'Lina Petrov']],
  ['Petrova Group said in a statement that it “regrets the disruption to customers.”', ['Petrova Group']],
  ['A senior administration official, speaking on condition of anonymity, said the talks were “at a delicate stage.”', ['senior administration official (unnamed)']],
  ['“There is no deal yet,” one diplomat said.', ['diplomat (unnamed)']],
  ['“We will appeal,” the team’s lawyer, Paul Grant, told reporters.', ['Paul Grant']],
  [P('President Joe Biden met Mexican President Andrés Manuel López Obrador on Monday.', '“We had a good talk,” Biden said.'), ['Joe Biden']],
  [P('Mayor Karen Bass and Police Chief Michel Moore spoke.', '“We have more officers on the street,” Moore said. “And we will keep them there,” Bass added.'), ['Michel Moore', 'Karen Bass']],
  ['In a letter to the board, Superintendent Lou Diaz wrote that the cuts would “devastate our smallest schools.”', ['Lou Diaz']],
  ['Mr Khan told the BBC: ‘The plan has failed and everyone knows it.’', ['Khan']],
  ['Asked whether he would resign, Mr. Carver said, “Absolutely not, not today.”', ['Carver']],
  ['“Our hearts go out to the families,” the Pentagon said in a statement.', ['Pentagon']],
  ['The White House called the report “deeply flawed and misleading.”', ['White House']],
  ['Ms. Alvarez, who has lived in the building for 20 years, said she was “terrified every night.”', ['Alvarez']],
  ['Her new book, “The Long Way Home,” comes out in May.', []],
  ['He starred in the hit film “Where the River Bends Slowly” last year.', []],
  ['“We are watching the storm very closely,” said Sen. Bill Harmon, R-Fla., adding that “no one should take chances this week.”', ['Bill Harmon', 'Bill Harmon']],
  ['Kremlin spokesman Dmitry Peskov told reporters that Moscow “does not see any basis for talks now.”', ['Dmitry Peskov']],
  ['The ministry said in a statement: “All flights are suspended until further notice.”', ['ministry']],
  ['Jana Holt wrote on X that the ruling was “a win for every tenant in the city.”', ['Jana Holt']],
  [P('Jana Holt, the tenants union leader, was blunt.', '“We won, plain and simple, and they know it.”'), ['Jana Holt']],
  ['“This is not over,” warned opposition leader Marta Szabo. “We will be back in the streets.”', ['Marta Szabo', 'Marta Szabo']],
  ['Climate scientist Zeke Park described the findings as “alarming but not surprising at all.”', ['Zeke Park']],
  ['The union’s president, Dan Okafor, called the offer “an insult to every nurse in this state.”', ['Dan Okafor']],
  ["Labour leader Keir Starmer said: 'This government has lost control of the economy and everyone can see it.'", ['Keir Starmer']],
  ["'We will look at every option on the table,' a Downing Street spokesman said.", ['Downing Street spokesman (unnamed)']],
  ["Mrs Jones, 72, from Leeds, said: 'I have lived here all my life and never seen anything like it.'", ['Jones']],
  ["Chief Constable Sarah Crew said officers were 'working around the clock to find those responsible'.", ['Sarah Crew']],
  ["A Home Office source said the figures were 'deeply worrying for everyone involved'.", ['Home Office source (unnamed)']],
  ["Tory MP Jacob Hale told the Commons the bill was 'a betrayal of our rural communities'.", ['Jacob Hale']],
  ["'It's a disgrace,' said one parent, who asked not to be named. 'Nobody told us anything at all.'", ['parent (unnamed)', 'parent (unnamed)']],
  ["Dr Priya Nair, of the University of Bristol, said: 'The results are striking, but we need more data.'", ['Priya Nair']],
  ['The memo, written by deputy director Alan Cho, warned that the system “could fail under heavy load.”', ['Alan Cho']],
  [P('In a letter to employees, Chief Executive Rosa Gant wrote: “We must cut costs to survive the year.”', '“This was not an easy decision,” the letter said.'), ['Rosa Gant', 'Rosa Gant']],
  [P('Secretary of State Marco Reyes said the sanctions “will stay until the troops leave.”', 'Reyes, speaking in Brussels, added that allies were “fully united on this question.”'), ['Marco Reyes', 'Marco Reyes']],
  ['“We lost everything,” said Aisha Bello, whose house flooded. Her neighbour, Tunde Ade, was luckier. “The water stopped at my door,” he said.', ['Aisha Bello', 'Tunde Ade']],
  [P('Officials at the Federal Aviation Administration said the plane “was not cleared to land.”', 'The FAA said it would investigate.', '“Safety is our top priority,” the agency said.'), ['Federal Aviation Administration', 'Federal Aviation Administration']],
  [P('Attorney General Pam Wells called the ruling “a victory for the rule of law.”', '“We will keep fighting for victims,” Wells said.'), ['Pam Wells', 'Pam Wells']],
  ['Lt. Gov. Dana Moore, a Democrat, said the budget “shortchanges our schools again.”', ['Dana Moore']],
  ['The lawsuit, filed by the ACLU, says the policy “violates the First Amendment rights of students.”', ['ACLU']],
  ['“The court got it wrong,” Justice Elena Ortiz wrote in a dissent joined by two colleagues.', ['Elena Ortiz']],
];

describe('who said it, in the shapes news copy takes', () => {
  it.each(CASES)('%s', (body, want) => {
    expect(extractQuotes(body).map((q) => q.speaker)).toEqual(want);
  });
});

// Back-references newswire makes that no dev article was tuned for: particles in names, epithets,
// documents of a known person, unnamed subjects, spokespeople for "the company".
const BACK_REFERENCES: [string, (string | null)[]][] = [
  // (An organisation opening a paragraph is one, though the paragraph before ends with a name or a lower-case word.)
  [P('Nordvik rejects approach from Calder Industries', 'Nordvik Group said it had rejected an approach from Calder Industries.', '“The offer undervalues us badly,” the company said.'), ['Nordvik Group']],
  [P('Shares rose in early trading.', 'Apex Systems said it had sued Borel Technologies.', '“We will defend our designs,” the company said.'), ['Apex Systems']],
  [P('Ajax coach Joris van Halen named his side on Friday.', 'Van Halen said: “We play to win, at home or away.”'), ['Joris van Halen']],
  [P('Former minister Ana Beatriz Costa da Rocha spoke first.', '“The country deserves better than this,” Costa da Rocha said.'), ['Ana Beatriz Costa da Rocha']],
  [P('Commissioner Greta von der Aue opened the session.', '“We will not wait for the others,” Von der Aue said.'), ['Greta von der Aue']],
  [P('Coach Didier Lamy named his squad on Tuesday. “Everyone is fit again,” said Mrs. Clara Voss, the team doctor.', '“We are ready for this fight,” the Frenchman said.'), ['Clara Voss', 'Didier Lamy']],
  [P('The billionaire Peter Strand joined the board in May.', '“I will fund the stadium myself,” the billionaire said.'), ['Peter Strand']],
  [P('Rep. Nora Pike, a Democrat, voted against the bill.', '“It does nothing for working families,” the Democrat told reporters.'), ['Nora Pike']],
  [P('Goalkeeper Tomás Lind saved two penalties.', '“I just guessed right both times,” the 31-year-old said.'), ['Tomás Lind']],
  ['Harbour Town coach Mia Lund, speaking after training, described Rovers as “the best side in the league by a distance.”', ['Mia Lund']],
  ['Opposition leader Karl Brandt, in a speech on Monday, labelled the Finance Ministry “a machine for broken promises.”', ['Karl Brandt']],
  [P('U.S. District Judge Hal Moreno heard the case. Asked for comment, spokesman Ted Vance said, “We will study it.”', 'The judge’s order reads: “No further arrests may be made under this ordinance.”'), ['Ted Vance', 'Hal Moreno']],
  [P('Mayor Tom Bright wrote to residents on Friday.', 'Ms. Rita Oduya, who leads the opposition, said: “He has ignored us for years.”', 'His letter said: “The budget cannot stretch any further this year.”'), ['Rita Oduya', 'Tom Bright']],
  [P('In a 12-page ruling, Judge Amara Kell wrote that the county had acted “without any legal basis at all.”', 'The county’s lawyer, Dev Patel, issued a statement. “We respect the court but disagree strongly,” he said.', 'The ruling states: “The county may not close the shelter before a full hearing is held.”'), ['Amara Kell', 'Dev Patel', 'Amara Kell']],
  [P('The shadow minister, Ms. Hana Roe, called the scheme ‘a gimmick’.', 'One nurse in Hull, who asked not to be named, told the paper that her ward had closed twice. ‘We are exhausted and nobody listens,’ she said.'), ['nurse (unnamed)']],
  [P('Ms. Hana Roe, the council leader, opened the meeting.', 'A teacher from Hull told reporters the roof had leaked for months. “We put buckets out every morning,” she said.'), ['teacher (unnamed)']],
  [P('Western Power said about 12,000 homes were still cut off.', 'A spokesperson for the company said: “Crews will work through the night to reconnect everyone.”'), ['Western Power spokesperson (unnamed)']],
  [P('Blue Meadow said profits fell by a third.', '“It was a hard year for the whole sector,” the company said.'), ['Blue Meadow']],
  [P('Jo Marsh, the firm’s founder, said sales had doubled. “We could not keep up,” she said.', '“Demand has never been this strong,” the company said.'), ['Jo Marsh', 'company']],
  [P('Harbour lights go out', 'Aoife O’Brien runs the pub by the pier.', '“We never close before midnight,” O’Brien said.'), ['Aoife O’Brien']],
  [P('Storm over Killala', 'Niamh Walsh lost her roof in the night.', '“The whole thing lifted like a lid,” Walsh said.'), ['Niamh Walsh']],
  [P('Orla Finn has kept bees on the hill for 20 years.', '“They calm me down on the worst days,” Orla says.', 'Orla laughs at the question. “Who else would do it?”'), ['Orla Finn', 'Orla Finn']],
  [P('Ben Ross and Ben Tate run the farm together.', '“It is hard work every single day,” Ben says.'), ['Ben']],
  [P('Dr. Lucy Harte said clinics were full. “We turn people away daily,” she said.', 'One patient, 58-year-old Colin from Whitby, has waited a year for surgery. ‘Some days I cannot get out of bed,’ he told the paper.'), ['Lucy Harte', 'Colin']],
  [P('Mayor Ruth Ames opened the shelter on Friday.', 'A resident, Amira, 31, has lived there since March. “It is warm and it is safe,” she said.'), ['Amira']],
  [P('Sen. Dale Voss, R-Ohio, met Sen. June Park, D-Ore., on Tuesday.', '“We are nowhere near a deal,” the Ohio Republican told reporters.', '“I am still hopeful,” the Oregon Democrat said.'), ['Dale Voss', 'June Park']],
  ["Prosecuting, Ruth Kerr KC said the victim 'will carry the scars for life'.", ['Ruth Kerr']],
  ["'The plan is dead in the water,' said Owen Pryce MP.", ['Owen Pryce']],
  [P('Ingrid Solberg joined the march in Oslo.', '“We will not be silenced,” the Norwegian activist told reporters.'), ['Ingrid Solberg']],
  [P('Commission President Ilse Brandt and Dutch minister Pieter Aalst met on Monday.', '“We have the tools and we will use them,” the Commission president said.'), ['Ilse Brandt']],
  [P('Edna Cole has lived on the estate since 1961.', '“Nobody has ever fixed the lifts,” the pensioner said.'), ['Edna Cole']],
  [P('Brightwave said deliveries fell by a fifth.', 'Chief executive Omar Sell told analysts: “Next year will be better, I promise you.”', '“We remain confident in the long term,” the carmaker said.'), ['Omar Sell', 'Brightwave']],
  [P('The Dutch foreign minister, Joost Veld, met his Polish counterpart.', '“Our support will not waver,” the Dutch minister said.'), ['Joost Veld']],
  [P('Chef Marco Levi closed the restaurant last month.', 'A friend of Levi told the paper: “He was heartbroken but he had no choice.”'), ['Levi friend (unnamed)']],
  [P('Chef Marco Levi closed the restaurant last month.', '“My client denies every one of these claims,” a lawyer for Levi said.'), ['Levi lawyer (unnamed)']],
  [P('Health Minister Ana Varga resigned on Friday.', 'A source close to the minister said: “She had simply had enough of the infighting.”'), ['Ana Varga source (unnamed)']],
  [P('Dr. Sara Quinn treated the first patients.', 'Mrs Hart, 81, lives alone on the estate.', '“I just want my heating back,” she said.'), ['Hart']],
  [P('Coach Ben Ames praised the team.', 'Mr Ortega, 45, a taxi driver, has not worked since May.', '“I have three children to feed,” he said.'), ['Ortega']],
  [P('Cara Lenz cruised into the quarter-finals on Monday.', '“I felt really good out there today,” the world No 1 said.'), ['Cara Lenz']],
  [P('Shane Doyle shot a 65 on Thursday.', '“The putter was hot all day,” the Northern Irishman said.'), ['Shane Doyle']],
  ['“Today we turn the page on a dark chapter,” – President Lia Moreno, in a post on X.', ['Lia Moreno']],
  ['“It was a long night and nobody slept” — Dan Reyes, a resident of Elm Street.', ['Dan Reyes']],
  // ("he" after only women have spoken: no man to give it to, so no one.)
  // ("the judge" is the judge named, by "Judge" or "Justice", not the lawyer named after her.)
  [P('In her ruling, Mrs Justice Nora Vail found for the residents.', 'Represented by Tessa Lyle KC, the residents were delighted. “This is a good day,” Ms Lyle said.', 'The judge also ordered the council to pay costs. “The failures were plain,” she wrote.'), ['Tessa Lyle', 'Nora Vail']],
  [P('Mr Justice Omar Reiss heard the case on Monday. The defendant’s lawyer, Paul Kent, asked for bail.', '“There is no risk of flight,” Kent said.', '“Bail is refused,” the judge said.'), ['Paul Kent', 'Omar Reiss']],
  // ("the 31-year-old" is whom the article gave that age, not the last named.)
  [P('Mia Sorel, 23, beat Greta Hahn, 31, in three sets on Tuesday.', '“I played my best tennis,” Sorel said.', 'The 31-year-old has now lost four finals this year. “It hurts every time,” she said.'), ['Mia Sorel', 'Greta Hahn']],
  [P('31-year-old Ana Lenk and Rosa Diaz reached the final.', '“It is a dream,” Diaz said.', '“I never thought I would get here,” the 31-year-old said.'), ['Rosa Diaz', 'Ana Lenk']],
  [P('Mayor Iris Fenn said the cuts went too far. “We are at the bone,” she said.', '“The county has to listen,” he said.'), ['Iris Fenn', null]],
];

describe('who is meant by a back-reference', () => {
  it.each(BACK_REFERENCES)('%s', (body, want) => {
    expect(extractQuotes(body).map((q) => q.speaker)).toEqual(want);
  });
});
