import type { Role } from './intent';

/** What the intent layer needs to know about people (the Directory provides it). */
export interface RoleSource {
  isAdmin(aadObjectId: string | undefined): boolean;
  isAuthor(aadObjectId: string | undefined): boolean;
  isExpert(aadObjectId: string | undefined): boolean;
  groupsOf(aadObjectId: string | undefined): string[];
}

/** The roles of a person: reviewers are members of a review group; authors and admins come from the CoE configuration. */
export function rolesOf(aadObjectId: string | undefined, directory: RoleSource): Set<Role> {
  const roles = new Set<Role>(['everyone']);
  if (!aadObjectId) return roles;
  if (directory.groupsOf(aadObjectId).length > 0) roles.add('reviewer');
  if (directory.isAuthor(aadObjectId)) roles.add('author');
  if (directory.isExpert(aadObjectId)) roles.add('expert');
  if (directory.isAdmin(aadObjectId)) roles.add('admin');
  return roles;
}
