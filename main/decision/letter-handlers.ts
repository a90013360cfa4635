/**
 * Decision letters: made only from a signed revision, previewed from the copy kept with the case,
 * exported where the reviewer chooses. The letter's bytes are fixed by the revision (its dates are
 * the signing date), so the preview is the letter that is exported, and its hash is recorded on
 * the revision at the first export; later exports of that revision reuse the kept copy.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { HandlersFor } from '../api/dispatch';
import { loadOnce } from '../api/load-once';
import type { decisionApi } from '../../shared/api/decision-api';
import { WorkbenchError } from '../../shared/api/errors';
import type { CaseFile } from '../../shared/case/schema';
import type { SignedRevision } from '../../shared/determination/schema';
import { recordLetterHash } from '../../shared/determination/sign-and-amend';
import { buildLetterModel } from '../../shared/letter/letter-model';
import { loadLetterOptions } from '../letters/load-letter-resources';
import { renderDecisionLetter } from '../letters/render-decision-letter';
import { letterUrl } from '../letters/letter-copy';
import { writeFileDurably } from '../store/durable-json-file';
import type { CaseStore } from '../store/case-store';
import { auditEvents, changeRecorder } from '../audit/audit-events';

/** Asks the reviewer where to save (a native save dialog in the app); null when cancelled. */
export type ChooseSavePath = (defaultName: string) => Promise<string | null>;

/** Opens the OS file manager on a file's folder with the file selected (Electron's shell.showItemInFolder). */
export type ShowItemInFolder = (filePath: string) => Promise<void> | void;

export interface LetterContext {
  store: CaseStore;
  appRoot: string;
  /** Whoever exports, as the audit trail names them. */
  reviewer: () => string;
  now?: () => Date;
  chooseSavePath?: ChooseSavePath;
  showItemInFolder?: ShowItemInFolder;
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Page objects in a PDF the workbench itself wrote (pdfmake leaves object dictionaries uncompressed). */
export function countPages(pdf: Buffer): number {
  return Math.max(1, pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g)?.length ?? 0);
}

function signedRevision(caseFile: CaseFile, revisionId: string): SignedRevision {
  const rev = caseFile.revisions.find((r) => r.id === revisionId);
  if (rev) return rev;
  if (caseFile.revisions.length === 0) {
    throw new WorkbenchError('conflict', 'A letter comes only from a signed determination: sign this case first.');
  }
  throw new WorkbenchError('not-found', `This case has no signed revision ${revisionId}.`);
}

export function createLetterHandlers(ctx: LetterContext): Pick<HandlersFor<typeof decisionApi>, 'letter.preview' | 'letter.export' | 'letter.showInFolder'> {
  const { store } = ctx;
  const record = changeRecorder(ctx.reviewer, () => (ctx.now ? ctx.now() : new Date()));
  const letterOptions = loadOnce(() => loadLetterOptions(ctx.appRoot));
  // The files this session wrote, by case and revision: the only places letter.showInFolder opens,
  // so the renderer can never have the file manager opened on a path of its choosing.
  const exported = new Map<string, string>();

  /** The revision's letter: the kept copy if it is the one already exported, else freshly rendered and kept. */
  async function letterOf(caseId: string, revisionId: string): Promise<{ caseFile: CaseFile; revision: SignedRevision; pdf: Buffer; sha: string }> {
    const caseFile = await store.getCase(caseId);
    const revision = signedRevision(caseFile, revisionId);
    const kept = await store.readLetter(caseId, revisionId, revision.letterSha256);
    const keptSha = kept && sha256(kept);
    if (kept && revision.letterSha256 && keptSha === revision.letterSha256) return { caseFile, revision, pdf: kept, sha: revision.letterSha256 };
    const pdf = await renderDecisionLetter(buildLetterModel(caseFile, revision, await letterOptions()));
    const sha = sha256(pdf);
    if (keptSha !== sha) await store.keepLetter(caseId, revisionId, pdf);
    return { caseFile, revision, pdf, sha };
  }

  return {
    'letter.preview': async ({ caseId, revisionId }) => {
      const { sha, pdf } = await letterOf(caseId, revisionId);
      // The hash in the URL makes the viewer fetch a re-rendered letter rather than a cached one.
      return { revisionId, url: `${letterUrl(caseId, revisionId)}?v=${sha.slice(0, 16)}`, sha256: sha, pageCount: countPages(pdf) };
    },

    'letter.export': async ({ caseId, idempotencyKey, revisionId }) => {
      const { revision, pdf, sha } = await letterOf(caseId, revisionId);
      if (revision.letterSha256 && revision.letterSha256 !== sha) {
        throw new WorkbenchError('damaged', `The letter exported from revision ${revisionId} is no longer kept with the case, and rendering it again gives a different letter; it was not exported.`);
      }
      if (!ctx.chooseSavePath) throw new WorkbenchError('internal', 'Exporting a letter needs a save dialog, which this way of running the workbench does not have.');
      const target = await ctx.chooseSavePath(`decision-letter-${caseId}-${revision.number}.pdf`);
      if (!target) return { saved: false, revisionId };
      await writeFileDurably(path.resolve(target), pdf);
      await store.updateCase(
        caseId,
        (c) => {
          const change = recordLetterHash(c, revisionId, sha);
          if (!change.ok) throw new WorkbenchError('conflict', change.problems.join(' '), change.problems);
          return change.caseFile;
        },
        record(idempotencyKey, auditEvents.letterExported(revision, sha)),
      );
      const file = path.resolve(target);
      exported.set(`${caseId}/${revisionId}`, file);
      return { saved: true, revisionId, fileName: path.basename(file), sha256: sha, folder: path.dirname(file), canShowInFolder: !!ctx.showItemInFolder };
    },

    'letter.showInFolder': async ({ caseId, revisionId }) => {
      const file = exported.get(`${caseId}/${revisionId}`);
      if (!file) throw new WorkbenchError('not-found', 'This letter was not exported in this session: export it first, then show it in its folder.');
      if (!ctx.showItemInFolder) throw new WorkbenchError('internal', 'Opening a folder needs the desktop app; the letter was saved in ' + path.dirname(file) + '.');
      if (!(await fs.stat(file).then((s) => s.isFile(), () => false))) throw new WorkbenchError('not-found', `The exported letter is no longer in ${path.dirname(file)}: it was moved or deleted.`);
      await ctx.showItemInFolder(file);
      return { ok: true as const };
    },
  };
}
