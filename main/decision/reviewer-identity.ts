/**
 * Who the audit trail, marks and imaging history name: the signing profile's name once one is
 * saved, with the OS account beside it ("Dana R. Whitfield (dwhitfield)"), so every entry ties
 * to the director who signs and to the account that was logged in; the OS account alone before
 * a profile exists.
 */
import { readReviewerProfile } from './reviewer-profile-file';

export interface ReviewerIdentity {
  name(): string;
  /** Reads the saved profile again (at start and after it is saved). */
  refresh(): Promise<void>;
}

export function reviewerIdentity(dataDir: string, account: () => string): ReviewerIdentity {
  let profileName: string | undefined;
  return {
    name: () => (profileName ? `${profileName} (${account()})` : account()),
    async refresh() {
      try {
        profileName = (await readReviewerProfile(dataDir))?.name;
      } catch {
        // An unreadable settings folder leaves the last known name: entries still name the account.
      }
    },
  };
}
