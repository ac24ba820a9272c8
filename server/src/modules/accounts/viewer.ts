import type { Role } from './user.entity.ts';

/** Who is asking, as the session says. Anonymous readers (null) see published material only. */
export interface Viewer {
  userId: string;
  role: Role;
  /** The author this account writes as, when linked. */
  personId?: string;
  /** Set when the request came with an API token acting for the account, not a person signed in. */
  tokenId?: string;
}

/** Editors of the centre see every status; everybody else sees what is published. */
export function canSeeUnpublished(viewer: Viewer | null): boolean {
  return viewer?.role === 'METHODIST' || viewer?.role === 'ADMIN';
}
