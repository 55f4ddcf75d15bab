/** Operator roles, weakest first: each role can do everything the ones before it can. */
export const roles = ['viewer', 'editor', 'admin'] as const;
export type Role = (typeof roles)[number];

export function hasRole(role: Role, needed: Role): boolean {
  return roles.indexOf(role) >= roles.indexOf(needed);
}

export const roleDescriptions: Record<Role, string> = {
  viewer: 'reads everything',
  editor: 'edits and publishes',
  admin: 'also manages operators and settings',
};
