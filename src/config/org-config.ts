import * as fs from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ConfigError, describeZodError } from './config-error';
import { riskTierConfigSchema } from '../intake/risk-rules-schema';
import { intakeSettingsSchema } from '../intake/intake-settings-schema';
import { reviewConfigSchema, type StageConfig } from '../review/routing-rules-schema';
import { announcementSettingsSchema } from '../announcements/announcement-settings-schema';
import { portfolioSettingsSchema } from '../portfolio/portfolio-settings-schema';
import { rateLimitSettingsSchema } from '../store/rate-limits';

const personSchema = z
  .object({
    id: z.string().min(1, 'must be the Entra object id of the person'),
    name: z.string().min(1, 'must name the person'),
    email: z.string().email('must be an email address').optional(),
  })
  .strict();

const entraObjectId = z.string().regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, 'must be an Entra object id (a GUID)');

/**
 * A group of people: listed by hand (`members`), an Entra ID group (`entraGroupId`, read from Microsoft Graph when the
 * directory is on), or both (the listed members are added to the Entra group's). Without Graph, the listed members count.
 */
const groupSchema = z
  .object({
    name: z.string().min(1),
    entraGroupId: entraObjectId.optional(),
    members: z.array(personSchema).default([]),
    backup: personSchema.optional(),
  })
  .strict()
  .refine((g) => g.members.length > 0 || g.entraGroupId, { message: 'must list at least one member or name an entraGroupId', path: ['members'] });

/** Someone the YAML directory knows beyond the lists above: department (business unit) and manager, for offline routing. */
const directoryPersonSchema = personSchema
  .extend({
    department: z.string().min(1).optional(),
    managerId: z.string().min(1, 'must be the Entra object id of the manager').optional(),
  })
  .strict();

const channelSchema = z
  .object({
    name: z.string().min(1),
    teamId: z.string().min(1).optional(),
    conversationId: z.string().min(1, 'must be the channel conversation id (19:...@thread...)'),
    serviceUrl: z.string().url().optional(),
  })
  .strict();

/** Organisation settings from COE_CONFIG (YAML): people, groups, channels and per-capability rules. */
export const orgConfigSchema = z
  .object({
    organisation: z.object({ name: z.string().min(1), tenantId: z.string().optional() }).strict(),
    admins: z.array(personSchema).min(1, 'must list at least one CoE admin'),
    authors: z.array(personSchema).default([]),
    /** The offline directory: people's departments and managers (Microsoft Graph provides these when it is configured). */
    people: z.array(directoryPersonSchema).default([]),
    groups: z.record(z.string().regex(/^[a-z0-9-]+$/, 'group ids are lower-case kebab-case'), groupSchema),
    channels: z
      .object({ experts: channelSchema.optional(), reviews: channelSchema.optional(), announcements: channelSchema.optional() })
      .strict()
      .default({}),
    riskTiers: riskTierConfigSchema,
    intake: intakeSettingsSchema.default({}),
    review: reviewConfigSchema,
    announcements: announcementSettingsSchema.default({}),
    portfolio: portfolioSettingsSchema.default({}),
    rateLimits: rateLimitSettingsSchema.default({}),
  })
  .strict()
  .superRefine((cfg, ctx) => {
    const groupIds = new Set(Object.keys(cfg.groups));
    cfg.review.stages.forEach((stage, i) => {
      const at = ['review', 'stages', i, 'approvers'];
      const approvers = stage.approvers;
      const named: Array<{ id: string; path: Array<string | number> }> = [];
      if ('group' in approvers) named.push({ id: approvers.group, path: [...at, 'group'] });
      if ('manager' in approvers && approvers.fallback) named.push({ id: approvers.fallback, path: [...at, 'fallback'] });
      if ('byBusinessUnit' in approvers) for (const [unit, id] of Object.entries(approvers.byBusinessUnit)) named.push({ id, path: [...at, 'byBusinessUnit', unit] });
      for (const n of named) if (!groupIds.has(n.id)) ctx.addIssue({ code: 'custom', path: n.path, message: `names group "${n.id}", which is not defined under groups.` });
      if (stage.policy.type === 'quorum') {
        const available = approverCount(approvers, cfg.groups);
        if (available !== undefined && stage.policy.n > available) {
          ctx.addIssue({ code: 'custom', path: ['review', 'stages', i, 'policy', 'n'], message: `asks for ${stage.policy.n} approvals but the stage has only ${available} approver${available === 1 ? '' : 's'}.` });
        }
      }
    });
    if (!groupIds.has(cfg.review.informOnProhibited)) {
      ctx.addIssue({ code: 'custom', path: ['review', 'informOnProhibited'], message: `names group "${cfg.review.informOnProhibited}", which is not defined under groups.` });
    }
  });

/** How many people a stage has at most, when the configuration alone says so (not for Entra groups, read at routing). */
function approverCount(approvers: StageConfig['approvers'], groups: Record<string, Group>): number | undefined {
  const sizeOf = (id: string) => (groups[id] && !groups[id].entraGroupId ? groups[id].members.length : undefined);
  if ('person' in approvers || 'manager' in approvers) return 1;
  if ('group' in approvers) return sizeOf(approvers.group);
  const sizes = Object.values(approvers.byBusinessUnit).map(sizeOf);
  return sizes.some((n) => n === undefined) ? undefined : Math.min(...(sizes as number[]));
}

export type OrgConfig = z.infer<typeof orgConfigSchema>;
export type DirectoryPersonConfig = z.infer<typeof directoryPersonSchema>;
export type Person = z.infer<typeof personSchema>;
export type Group = z.infer<typeof groupSchema>;
export type ChannelRef = z.infer<typeof channelSchema>;

/** Parses and validates organisation settings from YAML text; throws ConfigError naming each bad field. */
export function parseOrgConfig(yamlText: string, source = 'COE_CONFIG'): OrgConfig {
  let raw: unknown;
  try {
    raw = parseYaml(yamlText);
  } catch (err) {
    throw new ConfigError(`${source} is not valid YAML: ${(err as Error).message}`);
  }
  const parsed = orgConfigSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(describeZodError(source, parsed.error));
  return parsed.data;
}

/** Reads the organisation settings file named by COE_CONFIG. */
export function loadOrgConfig(filePath: string): OrgConfig {
  let text: string;
  try {
    text = fs.readFileSync(filePath, 'utf8');
  } catch {
    throw new ConfigError(`COE_CONFIG points to ${filePath}, which cannot be read. Set COE_CONFIG to the path of your organisation's YAML settings.`);
  }
  return parseOrgConfig(text, `COE_CONFIG (${filePath})`);
}

/** The members of Entra-backed groups as last read from the directory (see src/directory/group-snapshot.ts). */
export interface LiveGroupMembers {
  membersOf(groupId: string): ReadonlySet<string> | undefined;
}

/**
 * Who is who, derived from the organisation settings: admin checks and group membership by Entra object id. A group's
 * members are the listed ones plus, when `live` is given (Graph mode), the members of its Entra group.
 */
export class Directory {
  constructor(
    private readonly config: OrgConfig,
    private readonly live?: LiveGroupMembers,
  ) {}

  isAdmin(aadObjectId: string | undefined): boolean {
    return Boolean(aadObjectId) && this.config.admins.some((p) => p.id === aadObjectId);
  }

  /** CoE admins and announcement authors may post announcements. */
  isAuthor(aadObjectId: string | undefined): boolean {
    return this.isAdmin(aadObjectId) || (Boolean(aadObjectId) && this.config.authors.some((p) => p.id === aadObjectId));
  }

  /** CoE experts answer "Ask the CoE" questions: CoE admins and members of the `coe-staff` group. */
  isExpert(aadObjectId: string | undefined): boolean {
    return this.isAdmin(aadObjectId) || this.groupsOf(aadObjectId).includes('coe-staff');
  }

  groupsOf(aadObjectId: string | undefined): string[] {
    if (!aadObjectId) return [];
    return Object.entries(this.config.groups)
      .filter(([id, g]) => g.members.some((m) => m.id === aadObjectId) || Boolean(this.live?.membersOf(id)?.has(aadObjectId)))
      .map(([id]) => id);
  }

  group(id: string): Group | undefined {
    return this.config.groups[id];
  }

  person(aadObjectId: string): Person | undefined {
    const everyone = [...this.config.people, ...this.config.admins, ...this.config.authors, ...Object.values(this.config.groups).flatMap((g) => [...g.members, ...(g.backup ? [g.backup] : [])])];
    return everyone.find((p) => p.id === aadObjectId);
  }
}
