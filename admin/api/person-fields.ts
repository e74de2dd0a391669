import { z } from 'zod';

/** The IMAGE person fields of a user, as PATCH bodies accept them (organization by name or id). */
export const personFields = z.object({
  firstName: z.string().max(255).optional(),
  lastName: z.string().max(255).optional(),
  initials: z.string().max(32).nullable().optional(),
  personRole: z.string().min(1).nullable().optional(),
  organization: z.union([z.string().min(1), z.number().int().positive()]).nullable().optional(),
});
