import {
  announcementInputSchema,
  apiRequestSchema,
  describeInputIssues,
  formToInput,
  inputToForm,
} from '../../src/announcements/announcement-input';
import { wallClockToInstant } from '../../src/announcements/schedule-time';

const categories = ['policy', 'models', 'training', 'events'];

describe('schedule times', () => {
  it('reads the wall clock in the author time zone, across daylight saving', () => {
    expect(wallClockToInstant('2026-01-15', '09:00', 'Europe/Berlin')?.toISOString()).toBe('2026-01-15T08:00:00.000Z');
    expect(wallClockToInstant('2026-07-15', '09:00', 'Europe/Berlin')?.toISOString()).toBe('2026-07-15T07:00:00.000Z');
    expect(wallClockToInstant('2026-03-08', '12:30', 'America/New_York')?.toISOString()).toBe(
      '2026-03-08T16:30:00.000Z',
    );
    expect(wallClockToInstant('2026-03-07', '12:30', 'America/New_York')?.toISOString()).toBe(
      '2026-03-07T17:30:00.000Z',
    );
    expect(wallClockToInstant('2026-05-01', '09:00', 'Asia/Kolkata')?.toISOString()).toBe('2026-05-01T03:30:00.000Z');
  });

  it('uses UTC for an unknown zone and refuses impossible dates', () => {
    expect(wallClockToInstant('2026-05-01', '09:00', undefined)?.toISOString()).toBe('2026-05-01T09:00:00.000Z');
    expect(wallClockToInstant('2026-05-01', '09:00', 'Mars/Olympus')?.toISOString()).toBe('2026-05-01T09:00:00.000Z');
    expect(wallClockToInstant('2026-02-30', '09:00', 'UTC')).toBeUndefined();
    expect(wallClockToInstant('2026-05-01', '25:00', 'UTC')).toBeUndefined();
    expect(wallClockToInstant('tomorrow', '09:00', 'UTC')).toBeUndefined();
  });
});

describe('announcement input', () => {
  const schema = announcementInputSchema(categories);
  const valid = { title: 'T', body: 'B', category: 'models', audience: { kind: 'personal-installs' } };

  it('accepts https images and links only, at most three links, known categories', () => {
    expect(schema.safeParse(valid).success).toBe(true);
    const bad = schema.safeParse({
      ...valid,
      imageUrl: 'javascript:alert(1)',
      links: [{ title: 'x', url: 'http://a.example' }],
      category: 'gossip',
    });
    expect(bad.success).toBe(false);
    const issues = describeInputIssues(bad.error!);
    expect(issues).toEqual(
      expect.arrayContaining([
        'Link 1 URL must start with https://.',
        'Category must be one of: policy, models, training, events.',
      ]),
    );
    expect(issues.some((i) => i.startsWith('Image URL'))).toBe(true);
    const four = schema.safeParse({
      ...valid,
      links: [1, 2, 3, 4].map(() => ({ title: 'x', url: 'https://a.example' })),
    });
    expect(describeInputIssues(four.error!)).toEqual(['Links can have at most 3 link buttons.']);
  });

  it('requires teams or channels for those audiences', () => {
    const r = schema.safeParse({ ...valid, audience: { kind: 'channels', conversationIds: [] } });
    expect(describeInputIssues(r.error!)).toEqual(['Channels must name at least one channel.']);
    expect(describeInputIssues(schema.safeParse({ ...valid, audience: { kind: 'nobody' } }).error!)[0]).toMatch(
      /Audience must be one of/,
    );
  });

  it('maps the compose form to the same shape the API accepts, and back', () => {
    const form = {
      title: ' Hello ',
      body: 'Body',
      imageUrl: '',
      link1Title: 'Docs',
      link1Url: 'https://docs.example.com',
      link2Title: '',
      link2Url: '',
      category: 'events',
      audience: 'team-members',
      teamIds: '19:a@thread.tacv2,19:b@thread.tacv2',
      requiresAck: 'true',
    };
    const input = schema.parse(formToInput(form));
    expect(input).toEqual({
      title: 'Hello',
      body: 'Body',
      links: [{ title: 'Docs', url: 'https://docs.example.com' }],
      category: 'events',
      audience: { kind: 'team-members', teamIds: ['19:a@thread.tacv2', '19:b@thread.tacv2'] },
      requiresAck: true,
    });
    expect(apiRequestSchema(categories).safeParse(input).success).toBe(true);
    expect(schema.parse(formToInput(inputToForm(input)))).toEqual(input);
  });
});
