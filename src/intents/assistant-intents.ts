import { z } from 'zod';
import type { IntentDefinition } from './intent';

/** The assistant's own intents: help (shaped by roles), greetings, and the echo diagnostic used by the benchmarks. */
export function assistantIntents(): IntentDefinition[] {
  return [
    {
      id: 'assistant.help',
      title: 'What can you do?',
      command: 'help',
      description: 'Show what the assistant can do for this person (the help card, shaped by their roles).',
      exact: [/^\s*(help|\?|menu|what can you do\??)\s*[.!]*\s*$/i],
      slots: z.object({}),
      roles: ['everyone'],
      examples: [
        'tell me what you can do',
        'how does this assistant work',
        'what are you capable of',
        'explain what you do',
        'what can I do here',
        'getting started',
        'instructions please',
        'help',
        'help me',
        'menu',
        'what can you do',
        'what can you help me with',
        'what are your commands',
        'show me the options',
        'how do I use this bot',
        'what are you for',
        'what features do you have',
        'I am lost',
        'commands',
        'what can I ask you',
        'options',
      ],
    },
    {
      id: 'assistant.greeting',
      title: 'Say hello',
      command: 'hello',
      description: 'A greeting; answered with a hello and the help card.',
      exact: [/^\s*(hi|hello|hey|hiya|good (morning|afternoon|evening))\b[\s!.]*$/i],
      slots: z.object({}),
      roles: ['everyone'],
      examples: [
        'heya',
        'howdy',
        'hi again',
        'hey hey',
        'good day','hi', 'hello', 'hey there', 'good morning', 'hi! what can you help me with?', 'hello assistant', 'yo', 'greetings', 'hey bot', 'morning!', 'hi there, who are you?'],
    },
    {
      id: 'assistant.echo',
      title: 'Echo',
      command: 'echo',
      description: 'Diagnostics: repeats the text.',
      exact: [/^\s*echo\b/i],
      slots: z.object({}),
      roles: ['everyone'],
      hidden: true,
      examples: [],
    },
  ];
}
