import type { Database } from '../../src/store/database';
import { openDatabase } from '../../src/store/open-database';
import { BotHarness, MEGAN } from '../support/bot-harness';
import { VALID, WizardDriver, inputsOf, textOf } from './wizard-driver';

describe('drafts survive a restart', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openDatabase({ dataDir: 'memory://' });
  });
  afterAll(async () => db.close());

  it('"continue my draft" resumes at the last step on a new bot over the same database', async () => {
    const first = await BotHarness.start({ db });
    try {
      const w = new WizardDriver(first, MEGAN);
      let card = await w.say('submit a use case');
      card = await w.next(card, 'basics');
      card = await w.press(card, 'intake.save', {
        dataSources: 'HR system exports',
        dataClassification: 'confidential',
      });
      expect(textOf(card)).toContain('Draft saved.');
    } finally {
      await first.stop();
    }

    const second = await BotHarness.start({ db });
    try {
      const w = new WizardDriver(second, MEGAN);
      let card = await w.say('continue my draft');
      expect(textOf(card)).toContain('Step 2 of 6: Data and people');
      expect(inputsOf(card)).toMatchObject({ dataSources: 'HR system exports', dataClassification: 'confidential' });
      card = await w.press(card, 'intake.back');
      expect(inputsOf(card)).toMatchObject({ title: VALID.basics.title, sponsor: VALID.basics.sponsor });
      card = await w.press(card, 'intake.next');
      expect(textOf(card)).toContain('Step 2 of 6');
    } finally {
      await second.stop();
    }
  });
});
