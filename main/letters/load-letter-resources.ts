/**
 * Everything a letter needs besides the case: wording, appeal rights, and the words for
 * guideline ids and procedure codes, read from resources/ and rules/ under the app root.
 * Wording and appeal rights must be valid (an invalid file is an error naming it); guideline
 * titles and code descriptions are gathered leniently, since their files belong to the rules
 * and coding modules and a letter without a title still names the guideline by id.
 */
import type { Dirent } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { describeZodError } from '../../shared/api/describe-zod-error';
import type { LetterOptions } from '../../shared/letter/letter-model';
import { AppealRights, LetterWording } from '../../shared/letter/letter-wording';

async function readValid<T>(file: string, schema: z.ZodType<T>): Promise<T> {
  const parsed = schema.safeParse(JSON.parse(await fs.readFile(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file} is invalid:\n${describeZodError(parsed.error).join('\n')}`);
  return parsed.data;
}

const Titled = z.looseObject({ id: z.string(), title: z.string() });
const Described = z.looseObject({ code: z.string(), description: z.string() });
const RulesLike = z.looseObject({
  guidelineId: z.string().optional(),
  role: z.string().optional(),
  title: z.string().optional(),
  entries: z.array(z.unknown()).optional(),
  appliesTo: z.looseObject({ codes: z.array(z.unknown()).optional(), companionCodes: z.array(z.unknown()).optional() }).optional(),
  addOns: z.array(z.unknown()).optional(),
});

async function jsonFilesUnder(dir: string): Promise<string[]> {
  let entries: Dirent[];
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const nested = await Promise.all(
    entries.map((e) => (e.isDirectory() ? jsonFilesUnder(path.join(dir, e.name)) : Promise.resolve(e.name.endsWith('.json') ? [path.join(dir, e.name)] : []))),
  );
  return nested.flat();
}

async function gatherNames(rulesDir: string): Promise<Pick<LetterOptions, 'guidelineTitles' | 'documentTitles' | 'codeDescriptions'>> {
  const guidelineTitles: Record<string, string> = {};
  const documentTitles: Record<string, string> = {};
  const codeDescriptions: Record<string, string> = {};
  for (const file of await jsonFilesUnder(rulesDir)) {
    let data: z.infer<typeof RulesLike>;
    try {
      const parsed = RulesLike.safeParse(JSON.parse(await fs.readFile(file, 'utf8')));
      if (!parsed.success) continue;
      data = parsed.data;
    } catch {
      continue;
    }
    for (const e of data.entries ?? []) {
      const t = Titled.safeParse(e);
      if (t.success) guidelineTitles[t.data.id] ??= t.data.title;
    }
    if (data.guidelineId && data.title && data.role === 'guideline') guidelineTitles[data.guidelineId] ??= data.title;
    // Documents outside the catalogue (the clinical-information policy) are named by title alone: their ids are ours.
    if (data.guidelineId && data.title && data.role === 'clinical-information') documentTitles[data.guidelineId] ??= data.title;
    for (const c of [...(data.appliesTo?.codes ?? []), ...(data.appliesTo?.companionCodes ?? []), ...(data.addOns ?? [])]) {
      const d = Described.safeParse(c);
      if (d.success) codeDescriptions[d.data.code] ??= d.data.description;
    }
  }
  return { guidelineTitles, documentTitles, codeDescriptions };
}

export async function loadLetterOptions(appRoot: string): Promise<LetterOptions> {
  const [wording, appealRights, names] = await Promise.all([
    readValid(path.join(appRoot, 'resources', 'letters', 'wording.json'), LetterWording),
    readValid(path.join(appRoot, 'rules', 'appeal-rights.json'), AppealRights),
    gatherNames(path.join(appRoot, 'rules')),
  ]);
  return { wording, appealRights, ...names };
}
