import { type AdaptiveCard, card, commandButton, heading, md, text } from '../../cards/card-kit';

/** Greeting shown when the bot is installed for a person or added to a team. */
export function welcomeCard(options: {
  organisation: string;
  userName?: string;
  scope: 'personal' | 'team' | 'groupChat';
}): AdaptiveCard {
  const hello = options.userName
    ? `Hi ${options.userName.split(' ')[0]}, I'm the CoE Assistant.`
    : "Hi, I'm the CoE Assistant.";
  return card(
    [
      heading(hello, { subtle: `${options.organisation} Generative-AI Center of Excellence` }),
      text(
        options.scope === 'personal'
          ? 'Ask me anything about our AI playbooks (which models are approved, when a use case needs an ethics review, how pilots are funded) and I will answer with the sources I used. I can also take your AI use case through intake and keep you posted on its review.'
          : 'I post CoE announcements here and answer questions about our AI playbooks when you @mention me. Each person can chat with me privately to submit use cases and review them.',
      ),
      text(
        md`
Try: **Which models are approved?** or **Do I need an ethics review for a chatbot on customer data?**
        `,
        { isSubtle: true, spacing: 'Medium' },
      ),
    ],
    [
      commandButton('Which models are approved?', 'Which models are approved?'),
      commandButton('Submit a use case', 'submit a use case', 'positive'),
      commandButton('My submissions', 'my submissions'),
      commandButton('What can you do?', 'help'),
    ],
    { fallbackText: `${hello} Ask me about the AI playbooks, or submit a use case.` },
  );
}
