import type { z } from 'zod';

/** Who may use an intent. Everyone is signed in to Teams; the other roles come from the CoE configuration. */
export const ROLES = ['everyone', 'reviewer', 'author', 'expert', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The id of the class for free-text questions answered from the playbooks. */
export const KNOWLEDGE_QUESTION = 'knowledge.question';

/** The slots an intent takes, as a zod object; every value is optional so a request without it still runs. */
export type SlotSchema = z.ZodObject<z.ZodRawShape>;

/**
 * One thing a person can ask the assistant to do, declared by the capability that does it. The examples train the
 * embedded classifier; the slots schema validates whatever fills the slots (text extraction or a model's tool call).
 */
export interface IntentDefinition {
  /** Stable id, `capability.action` (also the model's tool name, with dots turned into underscores). */
  id: string;
  /** Button label that runs it, e.g. "Start a submission". */
  title: string;
  /** The canonical command a button sends (imBack) and the help card shows. */
  command: string;
  /** One sentence for the model's tool description and the help card. */
  description: string;
  /** Phrasings people use to ask for it (the tuning data of the classifier, not the evaluation sets). */
  examples: readonly string[];
  /** Questions *about* the process ("how do I submit a use case?"): answered from the playbooks, with a button that starts it. */
  processQuestions?: readonly string[];
  /** A question about the process, used as the "how it works" choice when a request is ambiguous. */
  howTo?: string;
  /** Exact commands (whole message) that run without classification; kept narrow so questions never match. */
  exact?: readonly RegExp[];
  /** The slots and their validation. */
  slots: SlotSchema;
  /** Reads slot values from the message text; the result is validated with `slots` before use. */
  extractSlots?: (text: string) => Record<string, unknown>;
  /** Roles allowed to use it; `everyone` means anyone signed in. */
  roles: readonly Role[];
  /** The plain sentence for someone whose roles do not allow it (the help for their roles follows it). */
  refusal?: string;
  /** Capabilities that answer everything with cards (intake) get the refusal inside the card rather than as a text line above it. */
  refusalInCard?: boolean;
  /** Not offered in help, buttons or to the model (diagnostics such as echo). */
  hidden?: boolean;
}

/** Where a decision came from: an exact command, the embedded classifier, or the model's tool call. */
export type DecisionSource = 'exact' | 'embedded' | 'model';

/** What to do with a message. */
export type IntentDecision =
  | { kind: 'run'; intent: string; slots: Record<string, unknown>; source: DecisionSource; score: number }
  | { kind: 'answer'; offer?: string; source: DecisionSource; score: number }
  | { kind: 'clarify'; options: [string, string]; source: DecisionSource; score: number };
