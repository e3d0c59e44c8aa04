/**
 * Who may do what. A token or browser session carries a role; each role includes the ones before
 * it (admin ⊃ operator ⊃ viewer).
 */
export const ROLES = ['viewer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];
/** `api`: the API and dashboard; `feed`: only the calendar feed, whose URL calendar providers store. */
export const TOKEN_KINDS = ['api', 'feed'] as const;
export type TokenKind = (typeof TOKEN_KINDS)[number];

/** True when `role` may do what `needed` allows. */
export function roleAllows(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function isTokenKind(value: string): value is TokenKind {
  return (TOKEN_KINDS as readonly string[]).includes(value);
}
