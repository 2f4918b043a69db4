import { z } from 'zod';
import { organisationSettingsShape } from './config/channel-settings';
import { loadSettingsFile, parseSettingsYaml } from './config/settings-file';
import { peopleSettingsShape, type Group } from './directory/people-settings';
import { riskTierConfigSchema } from './intake/risk-rules-schema';
import { intakeSettingsSchema } from './intake/intake-settings-schema';
import { reviewConfigSchema, type StageConfig } from './review/routing-rules-schema';
import { announcementSettingsSchema } from './announcements/announcement-settings-schema';
import { portfolioSettingsSchema } from './portfolio/portfolio-settings-schema';
import { rateLimitSettingsSchema } from './store/rate-limits';

/**
 * Organisation settings from COE_CONFIG (YAML), assembled here in the composition root from the parts each module
 * owns: the organisation and channels (config), people and groups (directory) and each capability's rules.
 */
export const orgConfigSchema = z
  .object({
    ...organisationSettingsShape,
    ...peopleSettingsShape,
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
    const mustName = (id: string, path: Array<string | number>) => {
      if (!groupIds.has(id))
        ctx.addIssue({ code: 'custom', path, message: `names group "${id}", which is not defined under groups.` });
    };
    cfg.review.stages.forEach((stage, i) => {
      const at = ['review', 'stages', i, 'approvers'];
      const approvers = stage.approvers;
      if ('group' in approvers) mustName(approvers.group, [...at, 'group']);
      if ('manager' in approvers && approvers.fallback) mustName(approvers.fallback, [...at, 'fallback']);
      if ('byBusinessUnit' in approvers)
        for (const [unit, id] of Object.entries(approvers.byBusinessUnit))
          mustName(id, [...at, 'byBusinessUnit', unit]);
      if (stage.policy.type === 'quorum') {
        const available = approverCount(approvers, cfg.groups);
        if (available !== undefined && stage.policy.n > available) {
          ctx.addIssue({
            code: 'custom',
            path: ['review', 'stages', i, 'policy', 'n'],
            message: `asks for ${stage.policy.n} approvals but the stage has only ${available} approver${available === 1 ? '' : 's'}.`,
          });
        }
      }
    });
    mustName(cfg.review.informOnProhibited, ['review', 'informOnProhibited']);
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

/** Parses and validates organisation settings from YAML text; throws ConfigError naming each bad field. */
export function parseOrgConfig(yamlText: string, source = 'COE_CONFIG'): OrgConfig {
  return parseSettingsYaml(orgConfigSchema, yamlText, source);
}

/** Reads the organisation settings file named by COE_CONFIG. */
export function loadOrgConfig(filePath: string): OrgConfig {
  return loadSettingsFile(orgConfigSchema, filePath, 'COE_CONFIG');
}
