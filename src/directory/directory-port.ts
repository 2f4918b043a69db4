/** The directory port: who people are, which groups they are in, who their manager is. Plain data, no I/O here. */

/** A person as the organisation's directory knows them; `department` is their business unit. */
export interface DirectoryPerson {
  id: string;
  name: string;
  email?: string;
  department?: string;
}

/**
 * The organisation's directory: Entra ID through Microsoft Graph, or the YAML lists of COE_CONFIG when Graph is not
 * configured. Group ids are Entra object ids.
 */
export interface DirectoryPort {
  readonly kind: 'graph' | 'yaml';
  /** The person, or undefined when the directory has nobody with that id. */
  person(id: string): Promise<DirectoryPerson | undefined>;
  /** Every person in the group, members of nested groups included; an unknown group has no members. */
  groupMembers(groupId: string): Promise<DirectoryPerson[]>;
  /** The person's manager, or undefined when they have none. */
  manager(personId: string): Promise<DirectoryPerson | undefined>;
}

/** The directory could not answer (unreachable, failing, throttled for too long, or refusing our credentials). */
export class DirectoryUnavailableError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'DirectoryUnavailableError';
  }
}

/**
 * Where an answer came from: `directory` = asked just now; `cache` = the shared cache (fresh enough, or the only
 * answer left because the directory failed: `error` then says why); `config` = the YAML lists (no Graph configured).
 */
export type LookupSource = 'directory' | 'cache' | 'config';

/** An answer from the directory with its provenance, so routing and decisions can record what they relied on. */
export interface Lookup<T> {
  value: T;
  source: LookupSource;
  /** When the directory produced the value (ISO time); absent for `config`. */
  fetchedAt?: string;
  /** Why a cached value was used instead of a fresh one. */
  error?: string;
}

/** A business unit or department name as a config key: "Human Resources" -> "human-resources". */
export function unitKeyOf(name: string | undefined): string | undefined {
  const key = (name ?? '')
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return key || undefined;
}
