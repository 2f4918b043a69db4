import { type AdaptiveCard, card, commandButton, heading, md, text } from '../../cards/card-kit';

interface HelpItem {
  title: string;
  detail: string;
}

/** The list of what the bot does, with a button for each main command; admin commands only for admins. */
export function helpCard(options: { isAdmin: boolean; isAuthor: boolean }): AdaptiveCard {
  const items: HelpItem[] = [
    { title: 'Ask a question', detail: 'Type any question about AI at our organisation. Answers cite the playbook sections they come from; if the playbooks do not cover it, you can ask a CoE expert.' },
    { title: 'Submit a use case', detail: 'A short guided form: I compute the risk tier as you go, save drafts, and route the use case to the right reviewers.' },
    { title: 'My submissions', detail: 'Status, risk tier, current review stage and pending approvers of your use cases.' },
    { title: 'What is waiting for me?', detail: 'For reviewers: the reviews that need your decision.' },
    { title: 'My portfolio', detail: 'Your approved use cases: move them to building, pilot or production, or report a change ("portfolio UC-0042").' },
    { title: 'Report an AI incident', detail: 'Harmful or wrong output, exposed data, misuse or an outage: tells the right people as the incident playbook requires.' },
    { title: 'Announcements', detail: 'Say "stop announcements about events" (or policy, models, training) to mute a category, "resume announcements about events" to unmute.' },
  ];
  if (options.isAuthor) items.push({ title: 'Announce (CoE staff)', detail: 'Compose, preview, schedule and track an announcement.' });
  if (options.isAdmin) items.push({ title: 'Admin (CoE staff)', detail: '"all submissions", "knowledge gaps", "export audit UC-0001", "export inventory".' });
  const actions = [commandButton('Submit a use case', 'submit a use case', 'positive'), commandButton('My submissions', 'my submissions'), commandButton('Waiting for me', 'what is waiting for me')];
  if (options.isAuthor) actions.push(commandButton('Announce', 'announce'));
  return card(
    [
      heading('What I can do', { subtle: 'Generative-AI Center of Excellence' }),
      ...items.flatMap((i) => [text(md`**${i.title}**`, { spacing: 'Medium' }), text(i.detail, { spacing: 'None', isSubtle: true })]),
    ],
    actions,
  );
}
