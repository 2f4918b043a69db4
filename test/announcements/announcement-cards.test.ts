import type { Announcement, DeliveryCounts } from '../../src/announcements/announcement';
import { announcementCard } from '../../src/announcements/announcement-card';
import { inputToForm } from '../../src/announcements/announcement-input';
import { announcementListCard, noticeCard } from '../../src/announcements/author-cards';
import { composeCard } from '../../src/announcements/compose-card';
import { previewCard } from '../../src/announcements/preview-card';
import { statusCard } from '../../src/announcements/status-card';
import { cardSchemaErrors, expectValidCard } from '../support/card-schema';
import { sampleInput } from './support/announcement-fixture';

const announcement = (overrides: Partial<Announcement> = {}): Announcement => ({
  ...sampleInput({ imageUrl: 'https://coe.example.com/banner.png', requiresAck: true }),
  id: 7,
  authorId: 'aad-alex',
  authorName: 'Alex Wilber',
  authorUserId: '29:alex',
  source: 'teams',
  status: 'sending',
  version: 3,
  createdAt: new Date('2026-03-01T08:00:00Z'),
  updatedAt: new Date('2026-03-01T08:00:00Z'),
  startedAt: new Date('2026-03-01T09:00:00Z'),
  scheduledAt: new Date('2026-03-02T09:00:00Z'),
  mutedCount: 4,
  ...overrides,
});

const counts: DeliveryCounts = {
  total: 100,
  queued: 10,
  retrying: 2,
  inFlight: 3,
  sent: 80,
  failed: 1,
  unreachable: 2,
  cancelled: 0,
  possiblySent: 2,
  acknowledged: 40,
};

describe('announcement cards are valid Adaptive Cards 1.5', () => {
  it('the schema check itself rejects a broken card', () => {
    expect(
      cardSchemaErrors({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlok', text: 'x' }] }),
    ).not.toEqual([]);
  });

  it('announcement card, before and after acknowledgement', () => {
    const a = announcement();
    expectValidCard(announcementCard(a));
    const acked = announcementCard(a, { acknowledgedAt: new Date('2026-03-01T10:00:00Z') });
    expectValidCard(acked);
    expect(JSON.stringify(acked)).toContain('Acknowledged ✓ {{DATE(2026-03-01T10:00:00Z, SHORT)}}');
    expect(JSON.stringify(acked)).not.toContain('announce.ack');
  });

  it('compose form, empty and with values, teams, channels and errors', () => {
    const options = {
      categories: ['policy', 'models'],
      teams: [{ id: '19:t@thread.tacv2', name: 'AI Community' }],
      channels: [{ id: '19:c@thread.tacv2', name: 'AI Community · General' }],
    };
    expectValidCard(composeCard({ ...options, teams: [], channels: [] }));
    expectValidCard(
      composeCard({
        ...options,
        values: inputToForm(announcement()),
        errors: ['Title is required.'],
        draft: { id: 7, version: 3 },
      }),
    );
  });

  it('preview, status (every state), list and notice cards', () => {
    const a = announcement();
    expectValidCard(
      previewCard(
        { ...a, status: 'draft' },
        {
          estimate: { recipients: 120, muted: 4 },
          audienceLabel: 'Everyone',
          timeZone: 'Europe/Berlin',
          errors: ['Choose a date.'],
        },
      ),
    );
    for (const status of ['draft', 'scheduled', 'sending', 'completed', 'cancelled'] as const) {
      expectValidCard(
        statusCard(announcement({ status, finishedAt: new Date(), cancelledAt: new Date() }), counts, {
          audienceLabel: 'Everyone',
          updatedAt: new Date(),
        }),
      );
    }
    const card = statusCard(a, counts, { audienceLabel: 'Everyone', updatedAt: new Date() });
    expect(JSON.stringify(card)).toContain('Sending: 83% done');
    expect(card.refresh).toMatchObject({ userIds: ['29:alex'] });
    expectValidCard(
      announcementListCard(
        [a, announcement({ id: 8, status: 'draft' }), announcement({ id: 9, status: 'completed' })],
        { showAuthors: true },
      ),
    );
    expectValidCard(announcementListCard([], { showAuthors: false }));
    expectValidCard(noticeCard('Draft #7 saved', 'The preview is below.'));
  });
});
