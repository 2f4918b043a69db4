import { type AdaptiveCard, type CardElement, card, executeButton, heading, text } from '../cards/card-kit';
import { categoryLabel } from './announcement-card';
import { AUDIENCE_LABELS, type AudienceKind, CHANNEL_SHORTCUT } from './announcement-input';
import { ANNOUNCE_VERBS } from './announcement-verbs';
import type { AudienceOption } from './audience';
import { choice, errorBlock } from './card-parts';
import type { ChannelOption } from './configured-channels';

/** What the compose form offers and holds. */
export interface ComposeCardOptions {
  categories: readonly string[];
  teams: AudienceOption[];
  channels: ChannelOption[] | AudienceOption[];
  /** Directory groups (COE_CONFIG groups, read from Entra ID when Graph is on). */
  groups?: AudienceOption[];
  /** Channels named in COE_CONFIG, offered as audiences of their own (ids among `channels`). */
  namedChannelIds?: string[];
  values?: Record<string, string>;
  errors?: string[];
  draft?: { id: number; version: number };
}

const NOT_INSTALLED = ' · not installed yet';

const channelTitle = (c: ChannelOption | AudienceOption): string =>
  `${c.name}${'installed' in c && !c.installed ? NOT_INSTALLED : ''}`;

function input(id: string, label: string, value: string | undefined, extra: Record<string, unknown> = {}): CardElement {
  return { type: 'Input.Text', id, label, value: value ?? '', ...extra };
}

const URL_RULE = { style: 'Url', regex: '^https://.+', errorMessage: 'Use an https:// URL.' };

/** Up to three link buttons, behind "Add link buttons" unless the draft has some already. */
function linkSection(v: Record<string, string>): CardElement[] {
  const rows: CardElement[] = [1, 2, 3].map((i) => ({
    type: 'ColumnSet',
    spacing: 'Small',
    columns: [
      {
        type: 'Column',
        width: 1,
        items: [input(`link${i}Title`, `Link ${i} title`, v[`link${i}Title`], { maxLength: 40 })],
      },
      { type: 'Column', width: 2, items: [input(`link${i}Url`, `Link ${i} URL`, v[`link${i}Url`], URL_RULE)] },
    ],
  }));
  const shown = [1, 2, 3].some((i) => v[`link${i}Title`] || v[`link${i}Url`]);
  return [
    {
      type: 'ActionSet',
      spacing: 'Small',
      actions: [{ type: 'Action.ToggleVisibility', title: 'Link buttons (optional)', targetElements: ['links'] }],
    },
    { type: 'Container', id: 'links', isVisible: shown, items: rows },
  ];
}

/** The chosen audience as the radio value: a named channel's shortcut when the draft goes to exactly that channel. */
function audienceValue(v: Record<string, string>, named: string[]): string {
  const channelIds = (v.channelIds ?? '').split(',').filter(Boolean);
  if (v.audience === 'channels' && channelIds.length === 1 && named.includes(channelIds[0]))
    return `${CHANNEL_SHORTCUT}${channelIds[0]}`;
  return v.audience || 'personal-installs';
}

/**
 * The pickers of the audiences that need one (teams, channels, groups); only the chosen audience's is visible. The
 * others stay in the card, hidden, so choosing another audience and "Show the choices" only flips visibility.
 */
function pickers(chosen: string, options: ComposeCardOptions, v: Record<string, string>): CardElement[] {
  const picker = (
    kind: AudienceKind,
    id: string,
    label: string,
    items: Array<{ title: string; value: string }>,
    empty: string,
  ): CardElement => ({
    type: 'Container',
    id: `${id}Picker`,
    isVisible: kind === chosen,
    items: items.length
      ? [
          {
            type: 'Input.ChoiceSet',
            id,
            label,
            isMultiSelect: true,
            style: items.length <= 6 ? 'expanded' : 'compact',
            value: v[id] ?? '',
            choices: items,
          },
        ]
      : [text(empty, { isSubtle: true, size: 'Small' })],
  });
  return [
    picker(
      'team-members',
      'teamIds',
      'Teams',
      options.teams.map((t) => choice(t.name, t.id)),
      'CoE Assistant is not installed in any team yet, so there are no teams to choose from.',
    ),
    picker(
      'channels',
      'channelIds',
      'Channels',
      options.channels.map((c) => choice(channelTitle(c), c.id)),
      'No channels are known yet: name them in COE_CONFIG, or add CoE Assistant to the team.',
    ),
    picker(
      'directory-groups',
      'groupIds',
      'Groups',
      (options.groups ?? []).map((g) => choice(g.name, g.id)),
      'No directory groups are configured.',
    ),
  ];
}

/**
 * The compose form: content, category, audience and acknowledgement, with the author's values and any errors.
 * Channels named in COE_CONFIG are audiences of their own, by name; only the chosen audience's picker is visible
 * ("Show the choices" refreshes the form for a newly chosen audience, keeping what was typed).
 */
export function composeCard(options: ComposeCardOptions): AdaptiveCard {
  const v = options.values ?? {};
  const named = (options.namedChannelIds ?? []).filter((id) => options.channels.some((c) => c.id === id));
  const audience = audienceValue(v, named);
  const draftRef = options.draft ? { id: options.draft.id, version: options.draft.version } : {};
  const shortcuts = named.map((id) => {
    const c = options.channels.find((x) => x.id === id) as ChannelOption | AudienceOption;
    return choice(`Channel: ${channelTitle(c)}`, `${CHANNEL_SHORTCUT}${id}`);
  });
  const kinds = (Object.keys(AUDIENCE_LABELS) as AudienceKind[]).map((k) => choice(AUDIENCE_LABELS[k], k));
  const body: CardElement[] = [
    heading(options.draft ? `Edit announcement draft #${options.draft.id}` : 'New announcement', {
      subtle: 'You will see a preview before anything is sent.',
    }),
    ...errorBlock(options.errors),
    input('title', 'Title', v.title, { isRequired: true, errorMessage: 'A title is required.', maxLength: 150 }),
    input('body', 'Message', v.body, {
      isMultiline: true,
      isRequired: true,
      errorMessage: 'A message is required.',
      maxLength: 4000,
      placeholder: 'What should people know? Bold, italic, lists and links are supported (Markdown).',
    }),
    input('imageUrl', 'Image URL (optional, https:// only)', v.imageUrl, URL_RULE),
    ...linkSection(v),
    {
      type: 'Input.ChoiceSet',
      id: 'category',
      label: 'Category',
      style: 'compact',
      isRequired: true,
      errorMessage: 'Choose a category.',
      value: v.category ?? options.categories[0],
      choices: options.categories.map((c) => choice(categoryLabel(c), c)),
    },
    {
      type: 'Input.ChoiceSet',
      id: 'audience',
      label: 'Audience',
      style: 'expanded',
      isRequired: true,
      value: audience,
      choices: [...shortcuts, ...kinds],
    },
    {
      type: 'ActionSet',
      spacing: 'Small',
      actions: [
        executeButton('Show the choices for this audience', ANNOUNCE_VERBS.audience, draftRef, {
          associatedInputs: 'auto',
        }),
      ],
    },
    ...pickers(audience, options, v),
    {
      type: 'Input.Toggle',
      id: 'requiresAck',
      title: 'Ask recipients to acknowledge',
      value: v.requiresAck === 'true' ? 'true' : 'false',
      valueOn: 'true',
      valueOff: 'false',
      spacing: 'Medium',
    },
  ];
  return card(
    body,
    [
      executeButton('Preview', ANNOUNCE_VERBS.preview, draftRef, { style: 'positive', associatedInputs: 'auto' }),
      executeButton('Cancel', ANNOUNCE_VERBS.close, draftRef, { associatedInputs: 'none' }),
    ],
    { fallbackText: options.draft ? `Edit announcement draft #${options.draft.id}` : 'New announcement form' },
  );
}
