// Who sees what of a shared mapping, and who may act on it (docs/mapping-access.md). Every student
// with a study record at the mapping's institution shares the mapping database (guide §4.1); what
// belongs to the students who filed it stays theirs.

/** How a student stands to a mapping: from their My Course Mapping Requests entry, if any. */
export type MappingViewer = 'requester' | 'follower' | 'other student';

export const viewerFrom = (relation: 'requester' | 'notify-me' | undefined): MappingViewer =>
  relation === 'requester' ? 'requester' : relation === 'notify-me' ? 'follower' : 'other student';

/**
 * The documents a mapping was filed with (syllabi, transcripts, comparison tables) and who filed it
 * are the filing students' own: shown to its requesters, never to other students. ARO and the
 * reviewers see them through their own pages.
 */
export const maySeeFiling = (viewer: MappingViewer): boolean => viewer === 'requester';

/**
 * Provide Info answers the reviewers' request to whoever filed the mapping (§4.4: "the documents
 * provided for mapping requests are considered not sufficient"): only its requesters. Extend (§4.6)
 * and Appeal (§4.7) are offered on Search Existing Mappings to every student at the institution, and
 * whoever does either becomes one of the mapping's requesters.
 */
export function mayResubmit(kind: 'provide-info' | 'extend' | 'appeal', viewer: MappingViewer): boolean {
  return kind === 'provide-info' ? viewer === 'requester' : true;
}

/**
 * A timeline event as another student may see it: who acted only as a role, and a student's own
 * words (the note after the action's name) left out.
 */
export function actionSeenBy(viewer: MappingViewer, action: string, byAnotherStudent: boolean): string {
  if (!byAnotherStudent || maySeeFiling(viewer)) return action;
  const colon = action.indexOf(': ');
  return colon === -1 ? action : action.slice(0, colon);
}
