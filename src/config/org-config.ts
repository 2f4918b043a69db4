import * as fs from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ConfigError, describeZodError } from './config-error';
import { riskTierConfigSchema } from '../intake/risk-rules-schema';
import { reviewConfigSchema } from '../review/routing-rules-schema';
import { announcementSettingsSchema } from '../announcements/announcement-settings-schema';
import { portfolioSettingsSchema } from '../portfolio/portfolio-settings-schema';

const personSchema = z
  .object({
    id: z.string().min(1, 'must be the Entra object id of the person'),
    name: z.string().min(1, 'must name the person'),
    email: z.string().email('must be an email address').optional(),
  })
  .strict();

const groupSchema = z
  .object({
    name: z.string().min(1),
    members: z.array(personSchema).min(1, 'must list at least one member'),
    backup: personSchema.optional(),
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
    groups: z.record(z.string().regex(/^[a-z0-9-]+$/, 'group ids are lower-case kebab-case'), groupSchema),
    channels: z
      .object({ experts: channelSchema.optional(), reviews: channelSchema.optional(), announcements: channelSchema.optional() })
      .strict()
      .default({}),
    riskTiers: riskTierConfigSchema,
    review: reviewConfigSchema,
    announcements: announcementSettingsSchema.default({}),
    portfolio: portfolioSettingsSchema.default({}),
  })
  .strict()
  .superRefine((cfg, ctx) => {
    const groupIds = new Set(Object.keys(cfg.groups));
    cfg.review.stages.forEach((stage, i) => {
      if ('group' in stage.approvers && !groupIds.has(stage.approvers.group)) {
        ctx.addIssue({ code: 'custom', path: ['review', 'stages', i, 'approvers', 'group'], message: `names group "${stage.approvers.group}", which is not defined under groups.` });
      }
      if (stage.policy.type === 'quorum') {
        const available = 'group' in stage.approvers ? cfg.groups[stage.approvers.group]?.members.length : 1;
        if (available !== undefined && stage.policy.n > available) {
          ctx.addIssue({ code: 'custom', path: ['review', 'stages', i, 'policy', 'n'], message: `asks for ${stage.policy.n} approvals but the stage has only ${available} approver${available === 1 ? '' : 's'}.` });
        }
      }
    });
    if (!groupIds.has(cfg.review.informOnProhibited)) {
      ctx.addIssue({ code: 'custom', path: ['review', 'informOnProhibited'], message: `names group "${cfg.review.informOnProhibited}", which is not defined under groups.` });
    }
  });

export type OrgConfig = z.infer<typeof orgConfigSchema>;
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

/** Who is who, derived from the organisation settings: admin checks and group membership by Entra object id. */
export class Directory {
  constructor(private readonly config: OrgConfig) {}

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
      .filter(([, g]) => g.members.some((m) => m.id === aadObjectId))
      .map(([id]) => id);
  }

  group(id: string): Group | undefined {
    return this.config.groups[id];
  }

  person(aadObjectId: string): Person | undefined {
    const everyone = [...this.config.admins, ...this.config.authors, ...Object.values(this.config.groups).flatMap((g) => [...g.members, ...(g.backup ? [g.backup] : [])])];
    return everyone.find((p) => p.id === aadObjectId);
  }
}
