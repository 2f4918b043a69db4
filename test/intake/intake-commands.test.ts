import { INTAKE_COMMANDS } from '../../src/teams/routes/intake-routes';

describe('typed intake commands', () => {
  it.each([
    ['submit a use case', 'start'],
    ['Submit a new AI use case', 'start'],
    ['new use case', 'start'],
    ['I have an AI idea', 'start'],
    ["I've got a GenAI idea: summarising contracts", 'start'],
    ['I’ve got an AI idea', 'start'],
    ['continue my draft', 'resume'],
    ['Resume draft', 'resume'],
    ['my submissions', 'mine'],
    ['show my use cases?', 'mine'],
    ['all submissions in review high Finance', 'all'],
  ])('"%s" is %s', (text, command) => {
    const matches = Object.entries(INTAKE_COMMANDS)
      .filter(([, pattern]) => pattern.test(text))
      .map(([name]) => name);
    expect(matches).toEqual([command]);
  });

  it.each([
    'how do I submit a use case?',
    'what happens after I submit a use case',
    'my submissions are late, who do I ask?',
    'submissions',
  ])('leaves the question "%s" to the knowledge engine', (text) => {
    expect(Object.values(INTAKE_COMMANDS).some((pattern) => pattern.test(text))).toBe(false);
  });
});
