/** A member id as the store compares it: an id typed with spaces or in lower case is the same member. */
export function memberKey(memberId: string): string {
  return memberId.trim().toUpperCase();
}
