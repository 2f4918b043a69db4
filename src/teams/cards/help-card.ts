import { type AdaptiveCard, type CardAction, card, commandButton, heading, md, text } from '../../cards/card-kit';
import type { Role } from '../../intents/intent';

interface HelpItem {
  title: string;
  detail: string;
  /** Buttons under the item that do what it describes. */
  buttons?: CardAction[];
}

const actionSet = (actions: CardAction[]) => ({ type: 'ActionSet', actions, spacing: 'Small' });

/**
 * What the bot does for this person: everyone's features, the review queue for approvers, announcing for authors and
 * the admin commands for CoE admins. Every command it mentions has a button. A greeting puts a hello above it.
 */
export function helpCard(options: {
  roles: ReadonlySet<Role>;
  greetName?: string;
  organisation?: string;
}): AdaptiveCard {
  const { roles } = options;
  const items: HelpItem[] = [
    {
      title: 'Ask a question',
      detail:
        'Ask anything about AI at our organisation, in your own words. Answers cite the playbook sections they come from; if the playbooks do not cover it, you can ask a CoE expert.',
    },
    {
      title: 'Submit a use case',
      detail:
        'A short guided form: I compute the risk tier as you go, save drafts, and route the use case to the right reviewers.',
    },
    {
      title: 'My submissions',
      detail:
        'Status, risk tier, current review stage and pending approvers of your use cases. Ask "status of UC-0042" for one of them.',
    },
  ];
  if (roles.has('reviewer') || roles.has('admin'))
    items.push({ title: 'What is waiting for me?', detail: 'The reviews that need your decision, oldest first.' });
  items.push({
    title: 'My portfolio',
    detail:
      'Your approved use cases: move them to building, pilot or production, or report a change ("portfolio UC-0042").',
    buttons: [commandButton('My portfolio', 'my portfolio')],
  });
  items.push({
    title: 'Report an AI incident',
    detail:
      'Harmful or wrong output, exposed data, misuse or an outage: tells the right people as the incident playbook requires.',
    buttons: [commandButton('Report an AI incident', 'report an AI incident')],
  });
  items.push({
    title: 'Announcements',
    detail: 'Mute a category you do not want (policy, models, training, events), or turn it back on, just by asking.',
    buttons: [
      commandButton('Stop event announcements', 'stop announcements about events'),
      commandButton('Resume event announcements', 'resume announcements about events'),
    ],
  });
  if (roles.has('author') || roles.has('admin'))
    items.push({
      title: 'Announce (CoE staff)',
      detail: 'Compose, preview, schedule and track an announcement.',
      buttons: [commandButton('My announcements', 'announcements')],
    });
  if (roles.has('admin')) {
    items.push({
      title: 'Admin (CoE staff)',
      detail:
        'All submissions with filters, the questions the playbooks could not answer, and audit exports ("export audit UC-0001").',
      buttons: [
        commandButton('All submissions', 'all submissions'),
        commandButton('Knowledge gaps', 'knowledge gaps'),
        commandButton('Export audit', 'export audit'),
      ],
    });
  }
  const actions = [
    commandButton('Submit a use case', 'submit a use case', 'positive'),
    commandButton('My submissions', 'my submissions'),
  ];
  if (roles.has('reviewer') || roles.has('admin'))
    actions.push(commandButton('Waiting for me', 'what is waiting for me'));
  if (roles.has('author') || roles.has('admin')) actions.push(commandButton('Announce', 'announce'));
  const hello =
    options.greetName !== undefined
      ? [
          heading(`Hi ${options.greetName.split(' ')[0] || 'there'}, I'm the CoE Assistant.`, {
            subtle: options.organisation ? `${options.organisation} Generative-AI Center of Excellence` : undefined,
          }),
        ]
      : [];
  return card(
    [
      ...hello,
      hello.length
        ? text(
            md`
**What I can do**
            `,
            { size: 'Large', spacing: 'Medium' },
          )
        : heading('What I can do', { subtle: 'Generative-AI Center of Excellence' }),
      ...items.flatMap((i) => [
        text(md`**${i.title}**`, { spacing: 'Medium' }),
        text(i.detail, { spacing: 'None', isSubtle: true }),
        ...(i.buttons ? [actionSet(i.buttons)] : []),
      ]),
    ],
    actions,
    { fallbackText: `What I can do: ${items.map((i) => i.title).join(', ')}` },
  );
}
