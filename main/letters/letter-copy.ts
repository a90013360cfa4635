/**
 * Where a revision's decision letter is served to the renderer (/letters/<caseId>/<revisionId>.pdf,
 * as bytes, never as JSON). The copy itself is kept by the store (keepLetter, readLetter): a letter
 * names the member, so it is encrypted like the records locally and a checked row in team mode.
 */
export function letterUrl(caseId: string, revisionId: string): string {
  return `letters/${caseId}/${revisionId}.pdf`;
}
