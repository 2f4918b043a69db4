import { z } from 'zod';

/** Who receives an announcement. */
export type AudienceKind =
  'personal-installs' | 'team-members' | 'channels' | 'category-subscribers' | 'directory-groups';

export const AUDIENCE_LABELS: Record<AudienceKind, string> = {
  'personal-installs': 'Everyone who installed CoE Assistant personally',
  'team-members': 'Members of chosen teams (1:1)',
  channels: 'Chosen channels',
  'category-subscribers': "Channels subscribed to the announcement's category",
  'directory-groups': 'Members of directory groups (1:1)',
};

/** The compose form's audience value for one channel named in COE_CONFIG: `channel:<conversation id>`. */
export const CHANNEL_SHORTCUT = 'channel:';

const httpsUrl = z
  .string()
  .trim()
  .max(2048, 'must be at most 2048 characters')
  .url('must be a full URL starting with https://')
  .refine((u) => u.toLowerCase().startsWith('https://'), 'must start with https://');

const ids = (what: string, max: number) =>
  z
    .array(z.string().trim().min(1).max(1024))
    .min(1, `must name at least one ${what}`)
    .max(max, `can name at most ${max} ${what}s`);

const audienceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('personal-installs') }).strict(),
  z.object({ kind: z.literal('team-members'), teamIds: ids('team', 50) }).strict(),
  z.object({ kind: z.literal('channels'), conversationIds: ids('channel', 200) }).strict(),
  z.object({ kind: z.literal('category-subscribers') }).strict(),
  /** People in groups: a COE_CONFIG group id (e.g. "ethics-board") or an Entra group object id; each member who installed the bot gets it 1:1. */
  z.object({ kind: z.literal('directory-groups'), groupIds: ids('group', 20) }).strict(),
]);

export type Audience = z.infer<typeof audienceSchema>;

/**
 * The announcement as an author writes it, in the Teams form or through POST /api/announcements:
 * one schema for both, so both edges accept exactly the same announcements.
 */
export function announcementInputSchema(categories: readonly string[]) {
  return z
    .object({
      title: z.string().trim().min(1, 'is required').max(150, 'must be at most 150 characters'),
      body: z.string().trim().min(1, 'is required').max(4000, 'must be at most 4000 characters'),
      imageUrl: httpsUrl.optional(),
      links: z
        .array(
          z
            .object({
              title: z.string().trim().min(1, 'is required').max(40, 'must be at most 40 characters'),
              url: httpsUrl,
            })
            .strict(),
        )
        .max(3, 'can have at most 3 link buttons')
        .default([]),
      category: z.string().refine((c) => categories.includes(c), `must be one of: ${categories.join(', ')}`),
      audience: audienceSchema,
      requiresAck: z.boolean().default(false),
    })
    .strict();
}

export type AnnouncementInput = z.infer<ReturnType<typeof announcementInputSchema>>;

/** The body of POST /api/announcements: the announcement plus an optional schedule and a note of who asked. */
export function apiRequestSchema(categories: readonly string[]) {
  return announcementInputSchema(categories)
    .extend({
      scheduledAt: z
        .string()
        .datetime({
          offset: true,
          message: 'must be an ISO 8601 date-time with a time zone, e.g. 2026-03-01T09:00:00Z',
        })
        .optional(),
      requestedBy: z.string().trim().min(1).max(200).optional(),
    })
    .strict();
}

export type ApiRequest = z.infer<ReturnType<typeof apiRequestSchema>>;

const FIELD_LABELS: Record<string, string> = {
  title: 'Title',
  body: 'Message',
  imageUrl: 'Image URL',
  links: 'Links',
  category: 'Category',
  audience: 'Audience',
  requiresAck: 'Requires acknowledgement',
  scheduledAt: 'scheduledAt',
  requestedBy: 'requestedBy',
  teamIds: 'Teams',
  conversationIds: 'Channels',
  groupIds: 'Groups',
};

function labelOf(path: Array<string | number>): string {
  if (path[0] === 'links' && typeof path[1] === 'number')
    return `Link ${path[1] + 1} ${path[2] === 'url' ? 'URL' : path[2] === 'title' ? 'title' : ''}`.trim();
  if (path[0] === 'audience' && path.length > 1) return FIELD_LABELS[String(path[1])] ?? 'Audience';
  return FIELD_LABELS[String(path[0])] ?? (path.join('.') || 'The announcement');
}

/** Turns zod issues into plain sentences naming the form field, e.g. "Link 2 URL must start with https://." */
export function describeInputIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    if (issue.code === 'invalid_union_discriminator')
      return 'Audience must be one of: ' + Object.keys(AUDIENCE_LABELS).join(', ') + '.';
    if (issue.code === 'unrecognized_keys')
      return `Unknown field${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.join(', ')}.`;
    const message =
      issue.message === 'Required' ? 'is required' : issue.message.charAt(0).toLowerCase() + issue.message.slice(1);
    return `${labelOf(issue.path)} ${message.replace(/\.$/, '')}.`;
  });
}

/** Flat values of the compose card's inputs (Adaptive Card inputs are all strings). */
export type ComposeFormValues = Record<string, unknown>;

const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');
const list = (v: unknown): string[] =>
  str(v)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** Maps the compose card's flat inputs to the announcement shape (validated afterwards by `announcementInputSchema`). */
export function formToInput(values: ComposeFormValues): Record<string, unknown> {
  const chosen = str(values.audience) || 'personal-installs';
  const shortcut = chosen.startsWith(CHANNEL_SHORTCUT) ? chosen.slice(CHANNEL_SHORTCUT.length) : undefined;
  const kind = shortcut === undefined ? chosen : 'channels';
  const audience: Record<string, unknown> = { kind };
  if (kind === 'team-members') audience.teamIds = list(values.teamIds);
  if (kind === 'channels') audience.conversationIds = shortcut ? [shortcut] : list(values.channelIds);
  if (kind === 'directory-groups') audience.groupIds = list(values.groupIds);
  const links = [1, 2, 3]
    .map((i) => ({ title: str(values[`link${i}Title`]), url: str(values[`link${i}Url`]) }))
    .filter((l) => l.title || l.url);
  return {
    title: str(values.title),
    body: str(values.body),
    ...(str(values.imageUrl) ? { imageUrl: str(values.imageUrl) } : {}),
    links,
    category: str(values.category),
    audience,
    requiresAck: values.requiresAck === true || str(values.requiresAck) === 'true',
  };
}

/** The compose card's input values for an existing announcement (for editing). */
export function inputToForm(input: AnnouncementInput): Record<string, string> {
  const form: Record<string, string> = {
    title: input.title,
    body: input.body,
    imageUrl: input.imageUrl ?? '',
    category: input.category,
    audience: input.audience.kind,
    teamIds: input.audience.kind === 'team-members' ? input.audience.teamIds.join(',') : '',
    channelIds: input.audience.kind === 'channels' ? input.audience.conversationIds.join(',') : '',
    groupIds: input.audience.kind === 'directory-groups' ? input.audience.groupIds.join(',') : '',
    requiresAck: input.requiresAck ? 'true' : 'false',
  };
  input.links.forEach((l, i) => {
    form[`link${i + 1}Title`] = l.title;
    form[`link${i + 1}Url`] = l.url;
  });
  return form;
}
