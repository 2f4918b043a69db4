import * as fs from 'node:fs';
import * as path from 'node:path';
import { envFields } from '../../src/config/env';

/** The README's Configuration section, where every environment variable is listed. */
function configurationSection(): string {
  const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
  const start = readme.indexOf('\n## Configuration\n');
  const end = readme.indexOf('\n## ', start + 1);
  expect(start).toBeGreaterThan(-1);
  return readme.slice(start, end === -1 ? undefined : end);
}

describe('the README lists the environment', () => {
  it('names every variable the environment schema accepts in its Configuration section', () => {
    const section = configurationSection();
    const accepted = Object.keys(envFields.shape);
    expect(accepted.length).toBeGreaterThan(30);
    expect(accepted.filter((name) => !section.includes(`\`${name}\``))).toEqual([]);
  });
});
