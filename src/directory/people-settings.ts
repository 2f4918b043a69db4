import { z } from 'zod';

/** Who is who in COE_CONFIG: admins, announcement authors, the offline directory of people, groups and roles. */

const personSchema = z
  .object({
    id: z.string().min(1, 'must be the Entra object id of the person'),
    name: z.string().min(1, 'must name the person'),
    email: z.string().email('must be an email address').optional(),
  })
  .strict();

const entraObjectId = z
  .string()
  .regex(
    /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/,
    'must be an Entra object id (a GUID)',
  );

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
  .refine((g) => g.members.length > 0 || g.entraGroupId, {
    message: 'must list at least one member or name an entraGroupId',
    path: ['members'],
  });

/** Someone the YAML directory knows beyond the lists above: department (business unit) and manager, for offline routing. */
const directoryPersonSchema = personSchema
  .extend({
    department: z.string().min(1).optional(),
    managerId: z.string().min(1, 'must be the Entra object id of the manager').optional(),
  })
  .strict();

/** The group whose members are CoE experts when `roles.experts` is not set. */
export const DEFAULT_EXPERTS_GROUP = 'coe-staff';

/** The people part of the organisation settings (merged into the whole by the composition root). */
export const peopleSettingsShape = {
  admins: z.array(personSchema).min(1, 'must list at least one CoE admin'),
  authors: z.array(personSchema).default([]),
  /** The offline directory: people's departments and managers (Microsoft Graph provides these when it is configured). */
  people: z.array(directoryPersonSchema).default([]),
  groups: z.record(z.string().regex(/^[a-z0-9-]+$/, 'group ids are lower-case kebab-case'), groupSchema),
  /** Which group holds a role: `experts` answer "Ask the CoE" questions (besides the admins). */
  roles: z
    .object({ experts: z.string().min(1).default(DEFAULT_EXPERTS_GROUP) })
    .strict()
    .default({}),
};

/** Admins, authors, people, groups and roles as the identity module reads them. */
export type PeopleSettings = z.infer<z.ZodObject<typeof peopleSettingsShape>>;
export type Person = z.infer<typeof personSchema>;
export type Group = z.infer<typeof groupSchema>;
