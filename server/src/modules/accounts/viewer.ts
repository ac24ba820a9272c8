/** Who is asking. Anonymous readers (null) see published material only. */
export interface Viewer {
  userId: string;
  role: 'READER' | 'AUTHOR' | 'EXPERT' | 'METHODIST' | 'ADMIN';
}

/** Editors of the centre see every status; everybody else sees what is published. */
export function canSeeUnpublished(viewer: Viewer | null): boolean {
  return viewer?.role === 'METHODIST' || viewer?.role === 'ADMIN';
}
