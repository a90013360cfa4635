/**
 * The Decision tab: a determination per requested code, prefilled from the evaluation and edited
 * by the director, the checks before signing, signing under the reviewer profile; once signed, the
 * revision read-only with its letter (preview, export) and an amendment that keeps every revision.
 */
import { useState } from 'react';
import { Alert, Box, Button, CircularProgress, Snackbar, Stack, Typography } from '@mui/material';
import AccountCircleIcon from '@mui/icons-material/AccountCircle';
import EditIcon from '@mui/icons-material/Edit';
import FileDownloadIcon from '@mui/icons-material/FileDownload';
import PictureAsPdfIcon from '@mui/icons-material/PictureAsPdf';
import RefreshIcon from '@mui/icons-material/Refresh';
import type { CaseTabProps } from '../case/case-tab-props';
import type { SignedRevision } from '../../shared/determination/schema';
import { call, messageOf } from '../api/client';
import { useDecision } from './useDecision';
import { CodeDeterminationEditor } from './CodeDeterminationEditor';
import { SignPanel } from './SignPanel';
import { RevisionView } from './RevisionView';
import { RevisionList } from './RevisionList';
import { LetterPreviewDialog } from './LetterPreviewDialog';
import { ProfileDialog } from './ProfileDialog';

/** What the prefill decides, to tell whether the saved draft has drifted from the current evaluation. */
const gist = (ds: { code: string; outcome: string; reasons: { criterionId?: string | undefined }[] }[]) =>
  JSON.stringify(ds.map((d) => [d.code, d.outcome, d.reasons.map((r) => r.criterionId ?? '')]));

export function DecisionTab({ caseId, open, readOnly, reload, onError }: CaseTabProps) {
  const decision = useDecision(caseId, onError, reload);
  const { state, determinations, busy } = decision;
  const [profileOpen, setProfileOpen] = useState(false);
  const [previewing, setPreviewing] = useState<SignedRevision | null>(null);
  const [saved, setSaved] = useState<{ text: string; revisionId: string; canShow: boolean } | null>(null);

  const exportLetter = async (revision: SignedRevision) => {
    try {
      const out = await call('letter.export', { caseId, revisionId: revision.id });
      if (out.saved) {
        setSaved({ text: `Saved ${out.fileName}${out.folder ? ` in ${out.folder}` : ''}; a copy stays with the case.`, revisionId: revision.id, canShow: !!out.canShowInFolder });
        await decision.reloadState();
      }
    } catch (e) {
      onError(messageOf(e));
    }
  };
  const showInFolder = (revisionId: string) => void call('letter.showInFolder', { caseId, revisionId }).catch((e) => onError(messageOf(e)));

  if (!state) return <Box sx={{ display: 'grid', placeItems: 'center', height: '100%' }}><CircularProgress /></Box>;

  const signed = state.status === 'signed';
  const latest = state.revisions.reduce<SignedRevision | undefined>((a, r) => (!a || r.number > a.number ? r : a), undefined);
  const codeLine = (code: string) => open.caseFile.request.codes.find((c) => c.code === code);
  const drifted = state.draftSaved && gist(state.suggested) !== gist(determinations);

  return (
    <Box sx={{ height: '100%', overflow: 'auto', p: 1.5 }} data-testid="decision-tab">
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mb: 1.5 }}>
        <Typography variant="subtitle1" sx={{ fontWeight: 600, flexGrow: 1 }}>Determination</Typography>
        <Button size="small" startIcon={<AccountCircleIcon />} onClick={() => setProfileOpen(true)} data-testid="open-profile" sx={{ textTransform: 'none' }}>
          {state.profile ? `${state.profile.name}, ${state.profile.credentials}` : 'Set up reviewer profile'}
        </Button>
      </Stack>

      {signed && latest ? (
        <>
          <Alert severity="success" sx={{ mb: 1 }} data-testid="signed-banner">Signed. The case is read-only; amend to change the determination.</Alert>
          <RevisionView revision={latest} />
          <Stack direction="row" spacing={1} sx={{ mt: 1.5, flexWrap: 'wrap', rowGap: 1 }}>
            <Button variant="contained" startIcon={<PictureAsPdfIcon />} onClick={() => setPreviewing(latest)} data-testid="preview-letter">Preview letter</Button>
            <Button variant="outlined" startIcon={<FileDownloadIcon />} onClick={() => void exportLetter(latest)} data-testid="export-letter">Export letter</Button>
            <Button variant="outlined" startIcon={<FileDownloadIcon />} onClick={() => void call('cases.saveFhirResponse', { caseId }).then((r) => r.saved && setSaved({ text: `Saved ${r.fileName} (PAS response, outcome ${r.outcome ?? ''}).`, revisionId: latest.id, canShow: false }), (e) => onError(messageOf(e)))} data-testid="save-pas-response">Save PAS response</Button>
            <Button startIcon={<EditIcon />} disabled={busy} onClick={() => void decision.run(() => call('decision.amend', { caseId }))} data-testid="amend">Amend</Button>
          </Stack>
        </>
      ) : (
        <>
          {state.draft?.amends && (
            <Alert severity="info" sx={{ mb: 1 }} data-testid="amending">
              Amending revision {state.revisions.find((r) => r.id === state.draft?.amends)?.number ?? state.draft.amends}. It stays as signed; this draft becomes a new revision when you sign it.
            </Alert>
          )}
          {!state.draftSaved && (
            <Typography variant="caption" color="text.secondary" component="div" sx={{ mb: 1 }}>
              Prefilled from the evaluation of the criteria; saved as soon as you change it.
            </Typography>
          )}
          {drifted && (
            <Button size="small" startIcon={<RefreshIcon />} sx={{ mb: 1 }} onClick={() => decision.replaceAll(state.suggested)} data-testid="refill">
              Start again from the current evaluation
            </Button>
          )}
          {determinations.map((d, i) => (
            <CodeDeterminationEditor
              key={d.code}
              determination={d}
              description={codeLine(d.code)?.description}
              dateOfService={open.caseFile.request.dateOfService ?? open.caseFile.request.receivedAt.slice(0, 10)}
              unmet={state.unmetCriteriaByCode[d.code] ?? []}
              readOnly={busy || readOnly}
              onChange={(patch, save) => decision.change(i, patch, save)}
              onBlur={() => void decision.flush()}
            />
          ))}
          <SignPanel
            state={state}
            determinations={determinations}
            busy={busy || readOnly}
            onOpenProfile={() => setProfileOpen(true)}
            onAcknowledgeCms={() => void decision.run(() => call('decision.acknowledgeCms', { caseId }))}
            onSign={() => decision.run(() => call('decision.sign', { caseId }))}
          />
        </>
      )}

      <RevisionList revisions={state.revisions} onPreviewLetter={setPreviewing} />
      <ProfileDialog open={profileOpen} profile={state.profile} onClose={() => setProfileOpen(false)} onSaved={() => void decision.flush().then(decision.reloadState)} />
      <LetterPreviewDialog caseId={caseId} revision={previewing} onClose={() => setPreviewing(null)} onExport={(r) => void exportLetter(r)} />
      <Snackbar open={saved !== null} autoHideDuration={12000} onClose={() => setSaved(null)}>
        <Alert severity="success" onClose={() => setSaved(null)} data-testid="export-done"
          action={saved?.canShow ? <Button color="inherit" size="small" onClick={() => showInFolder(saved.revisionId)} data-testid="show-in-folder">Show in folder</Button> : undefined}>
          {saved?.text}
        </Alert>
      </Snackbar>
    </Box>
  );
}
