/**
 * The reviewer's profile (who signs, and the peer-to-peer line) in <dataDir>/settings/profile.json.
 * It names the director, not a member, so it is kept in plain JSON beside the encrypted cases,
 * written durably so a saved profile is never half a file.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { ReviewerProfile } from '../../shared/settings/profile';
import { writeFileDurably } from '../store/durable-json-file';

export function profilePath(dataDir: string): string {
  return path.join(dataDir, 'settings', 'profile.json');
}

/** The saved profile, or null when none is saved or the file no longer reads as one (the reviewer enters it again). */
export async function readReviewerProfile(dataDir: string): Promise<ReviewerProfile | null> {
  let text: string;
  try {
    text = await fs.readFile(profilePath(dataDir), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  try {
    const parsed = ReviewerProfile.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export async function writeReviewerProfile(dataDir: string, profile: ReviewerProfile): Promise<ReviewerProfile> {
  const clean = ReviewerProfile.parse({
    name: profile.name, credentials: profile.credentials, title: profile.title, peerToPeerPhone: profile.peerToPeerPhone,
    ...(profile.specialty?.trim() ? { specialty: profile.specialty } : {}),
    ...(profile.npi?.trim() ? { npi: profile.npi.trim() } : {}),
  });
  const file = profilePath(dataDir);
  await writeFileDurably(file, `${JSON.stringify(clean, null, 1)}\n`, undefined, { privateFolder: true });
  return clean;
}
