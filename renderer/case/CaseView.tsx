/**
 * An open case: header, the records on the left, the record in the centre, the criteria on
 * the right. Selecting text in the record opens the mark picker; a mark in the panel jumps to
 * its page. Alt+1…4 switch the side panel's tabs; records can be added to the open case (an
 * addendum), and on a signed case the director is then offered to amend.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Alert, Box, Button, CircularProgress, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, Snackbar, Tab, Tabs } from '@mui/material';
import type { Mark } from '../../shared/case/schema';
import type { ProposalBasisInfo, SuggestionInfo } from '../../shared/api/evidence-api';
import { plainKey, shortcutsSuspended } from '../app/shortcuts';
import type { NodeResult } from '../../shared/rules/evaluation';
import { countOf } from '../../shared/text/count-of';
import type { GoTo } from '../viewer/PdfViewer';
import { RecordPane } from '../viewer/RecordPane';
import { useCaseText } from '../viewer/useCaseText';
import { MarkEditDialog } from '../panel/MarkEditDialog';
import type { SelectionDraft } from '../viewer/selection-to-anchor';
import { CriteriaPanel } from '../panel/CriteriaPanel';
import { acceptFactProposal } from '../panel/accept-fact-proposal';
import { colorForCriterion } from '../panel/status-style';
import { call, messageOf, settledChanges } from '../api/client';
import { CaseHeader } from './CaseHeader';
import { useCaseClaim } from './CaseClaim';
import { DocumentList } from './DocumentList';
import { MarkPicker, type CriterionOption } from './MarkPicker';
import { useCaseReview } from './useCaseReview';
import type { CaseTabProps } from './case-tab-props';
import { AddRecordsDialog, type AddedRecords } from './AddRecordsDialog';
import { ImagingTab } from '../imaging/ImagingTab';
import { DecisionTab } from '../decision/DecisionTab';
import { AuditTab } from '../audit/AuditTab';
import { RequestGaps } from './RequestGaps';
import { RequestDetails } from './RequestDetails';
import { InformationRequestBanner } from '../information-request/InformationRequestBanner';
import { InformationRequestDialog } from '../information-request/InformationRequestDialog';

type PanelTab = 'criteria' | 'imaging' | 'decision' | 'audit';
/** A passage shown in the record from the panel: a suggestion, or a passage a proposed fact rests on. */
type ShownPassage = SuggestionInfo | ProposalBasisInfo;
const TABS: { value: PanelTab; label: string }[] = [
  { value: 'criteria', label: 'Criteria' },
  { value: 'imaging', label: 'Imaging' },
  { value: 'decision', label: 'Decision' },
  { value: 'audit', label: 'Audit' },
];

function leaves(node: NodeResult): NodeResult[] {
  return node.kind === 'leaf' ? [node] : (node.children ?? []).flatMap(leaves);
}

/** Runs `reload` now, or, while a text field has the focus, after it loses it and the saves it sent were answered. */
function useReloadWhenNotTyping(reload: () => Promise<void>): () => void {
  const waiting = useRef(false);
  return useCallback(() => {
    if (waiting.current) return;
    const el = document.activeElement;
    const typing = el instanceof HTMLTextAreaElement || (el instanceof HTMLInputElement && !['button', 'checkbox', 'radio'].includes(el.type)) || (el instanceof HTMLElement && el.isContentEditable);
    const run = () => {
      waiting.current = false;
      // After the field's own save (sent on blur) has its answer, so the re-read shows it.
      void settledChanges().then(() => reload().catch(() => undefined));
    };
    waiting.current = true;
    if (!typing) return run();
    el.addEventListener('blur', () => setTimeout(run, 0), { once: true });
  }, [reload]);
}

export function CaseView({ caseId, onClose }: { caseId: string; onClose: () => void }) {
  const review = useCaseReview(caseId);
  // Team mode: another reviewer's change is shown as it is committed, but never under the director's
  // typing: the case is read again once they leave the field and what they typed was saved.
  const reloadWhenNotTyping = useReloadWhenNotTyping(review.reload);
  // Team mode: while another reviewer has the case, it is theirs; here it reads only.
  const claim = useCaseClaim(caseId, review.open?.caseFile.updatedAt ?? '', reloadWhenNotTyping);
  const { open } = review;
  const [docSha, setDocSha] = useState<string | null>(null);
  const [draft, setDraft] = useState<SelectionDraft | null>(null);
  const [goTo, setGoTo] = useState<GoTo | null>(null);
  const [activeMarkId, setActiveMarkId] = useState<string | null>(null);
  const [tab, setTab] = useState<PanelTab>('criteria');
  const [editing, setEditing] = useState<Mark | null>(null);
  const [focusedCriterion, setFocusedCriterion] = useState<string | null>(null);
  const [adding, setAdding] = useState<{ dropped?: File[] } | null>(null);
  const [amendOffer, setAmendOffer] = useState<AddedRecords | null>(null);
  const [info, setInfo] = useState<string | null>(null);
  // The suggestion last shown in the record (clicked, or stepped to with ] and [): m marks it.
  const [shown, setShown] = useState<{ suggestion: ShownPassage; criterionId: string; index: number; list: ShownPassage[] } | null>(null);
  const [requesting, setRequesting] = useState(false);
  const text = useCaseText(caseId, open?.documents);

  const options: CriterionOption[] = useMemo(
    () => (review.review?.evaluation.rules ?? []).flatMap((r) => leaves(r.tree).map((l) => ({ id: l.id, text: l.text, group: `${r.title} (${r.version})` }))),
    [review.review],
  );
  const colorIndex = useMemo(() => new Map(options.map((o, i) => [o.id, i])), [options]);
  const colorOfCriterion = useCallback((id: string) => colorForCriterion(colorIndex.get(id) ?? 0), [colorIndex]);
  const colorOfMark = useCallback((m: Mark) => colorOfCriterion(m.criterionIds[0] ?? ''), [colorOfCriterion]);
  const textOfCriterion = useMemo(() => new Map(options.map((o) => [o.id, o.text])), [options]);
  const titleOfMark = useCallback((m: Mark) => m.criterionIds.map((id) => textOfCriterion.get(id) ?? id).join('; '), [textOfCriterion]);

  // Alt+1…4: the side panel's tabs, from anywhere (the browser leaves Alt+digit alone).
  const tabKeys = useRef<(e: KeyboardEvent) => void>(() => undefined);
  useEffect(() => {
    tabKeys.current = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey) return;
      const i = ['1', '2', '3', '4'].indexOf(e.key) >= 0 ? Number(e.key) - 1 : ['Digit1', 'Digit2', 'Digit3', 'Digit4'].indexOf(e.code);
      if (i < 0) return;
      e.preventDefault();
      setTab(TABS[i]!.value);
      // Focus follows, so the next Tab or arrow key acts in the panel just shown.
      setTimeout(() => document.getElementById(`case-tab-${TABS[i]!.value}`)?.focus(), 0);
    };
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => tabKeys.current(e);
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  // ] and [: the next and previous suggested passage of the criterion you are on (n/p), shown in the record.
  const stepSuggestion = useRef<(by: 1 | -1) => void>(() => undefined);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (shortcutsSuspended(e) || !plainKey(e)) return;
      if (e.key === ']' || e.key === '[') {
        e.preventDefault();
        stepSuggestion.current(e.key === ']' ? 1 : -1);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  /** Shows a suggested passage in the record, highlighted for a moment; m then marks it. */
  const showSuggestion = (s: ShownPassage, criterionId: string, list: ShownPassage[] = [s], index = 0) => {
    setShown({ suggestion: s, criterionId, list, index });
    setDocSha(s.docSha256);
    setGoTo({ page: s.page, top: Math.max(...s.anchor.rects.map((r) => r[3])), flash: s.anchor.rects, nonce: Date.now() });
  };
  const stepThroughSuggestions = (by: 1 | -1) => {
    const criterionId = focusedCriterion;
    if (!criterionId) {
      setInfo('Press n to go to a criterion first; ] and [ then step through its suggested passages.');
      return;
    }
    if (shown && shown.criterionId === criterionId && shown.list.length > 0) {
      const index = (shown.index + by + shown.list.length) % shown.list.length;
      showSuggestion(shown.list[index]!, criterionId, shown.list, index);
      return;
    }
    call('evidence.suggest', { caseId, criterionId, limit: 6 }).then(
      (r) => {
        if (r.suggestions.length === 0) {
          setInfo('No passage in the record mentions this criterion’s terms.');
          return;
        }
        const index = by > 0 ? 0 : r.suggestions.length - 1;
        showSuggestion(r.suggestions[index]!, criterionId, r.suggestions, index);
      },
      (e) => review.showNotice(messageOf(e)),
    );
  };
  const markWithoutSelection = () => {
    if (open?.caseFile.status === 'signed' || claim.takenByOther) return;
    if (shown) {
      const { suggestion, criterionId } = shown;
      void review.addMark(suggestion.anchor, [criterionId], '').then((ok) => {
        if (!ok) return;
        setInfo(`Marked the suggested passage on page ${suggestion.page} for “${textOfCriterion.get(criterionId)?.slice(0, 80) ?? criterionId}”.`);
        setShown(null);
      });
      return;
    }
    setInfo('Nothing is selected. Select a passage in the record and press m, press a to draw an area on a scanned page, or press ] to show a suggested passage and m to mark it.');
  };

  useEffect(() => {
    stepSuggestion.current = stepThroughSuggestions;
  });

  if (review.error) return <Alert severity="error" sx={{ m: 3 }}>{review.error}</Alert>;
  if (!open || !review.review) return <Box sx={{ display: 'grid', placeItems: 'center', height: '100vh' }}><CircularProgress aria-label="Opening the case" /></Box>;

  const currentSha = docSha ?? open.caseFile.position?.docSha256 ?? open.documents[0]?.sha256 ?? null;
  const doc = open.documents.find((d) => d.sha256 === currentSha) ?? open.documents[0];
  const docName = (sha: string) => open.documents.find((d) => d.sha256 === sha)?.name ?? 'Unknown document';
  const liveMarks = open.caseFile.marks.filter((m) => !m.removed);
  const signed = open.caseFile.status === 'signed';
  const readOnly = signed || claim.takenByOther;

  const jumpTo = (m: Mark) => {
    setActiveMarkId(m.id);
    setDocSha(m.docSha256);
    const top = m.rects.length ? Math.max(...m.rects.map((r) => r[3])) : undefined;
    setGoTo({ page: m.page, ...(top !== undefined ? { top } : {}), nonce: Date.now() });
  };
  const textOf = (sha: string) => {
    const pages = text.pagesOf(sha);
    return pages ? [...pages.values()].sort((a, b) => a.page - b.page).map((p) => p.text).join('\n') : null;
  };

  const tabProps: CaseTabProps = {
    caseId,
    open,
    review: review.review,
    readOnly,
    reload: review.reload,
    save: review.save,
    onJump: jumpTo,
    onError: review.showNotice,
    textOf,
    onInfo: setInfo,
  };

  const recordsAdded = async (result: AddedRecords) => {
    setAdding(null);
    await review.reload();
    const first = result.added[0];
    if (first) {
      setDocSha(first.sha256);
      setGoTo(null);
    }
    const already = result.alreadyInCase.map((a) => `${a.name} is already in the case as ${a.existingName}`).join('; ');
    if (result.added.length > 0 && result.signed) setAmendOffer(result);
    else setInfo([result.added.length ? `${countOf(result.added.length, 'record')} added: ${result.added.map((a) => a.name).join(', ')}.` : '', already ? `${already}.` : ''].filter(Boolean).join(' '));
  };
  const amend = async () => {
    setAmendOffer(null);
    try {
      await call('decision.amend', { caseId });
      await review.reload();
      setInfo('Amendment opened: the case can be changed again, and the signed revision stays viewable as it was signed.');
    } catch (e) {
      review.showNotice(messageOf(e));
    }
  };

  return (
    <Box sx={{ height: '100vh', display: 'flex', flexDirection: 'column' }}>
      <CaseHeader caseFile={open.caseFile} claim={claim} onClose={onClose} onRequestInformation={() => setRequesting(true)} />
      {/* What is missing from the request, what was asked of the provider, and what else the provider sent: one landmark, so screen readers reach it by name. */}
      <Box component="section" aria-label="About the request">
        {claim.takenByOther && (
          <Alert severity="info" sx={{ borderRadius: 0, py: 0.25 }} data-testid="read-only-taken">
            {claim.claim!.holder} has this case: you can read it; changes are theirs until they release it, it lapses, or a supervisor reassigns it.
          </Alert>
        )}
        <RequestGaps caseFile={open.caseFile} readOnly={readOnly} onSaved={review.reload} />
        <InformationRequestBanner caseFile={open.caseFile} onChanged={review.reload} onError={review.showNotice} />
        <RequestDetails caseFile={open.caseFile} />
      </Box>
      <Box sx={{ flexGrow: 1, minHeight: 0, display: 'grid', gridTemplateColumns: '230px minmax(0, 1fr) 440px' }}>
        <Box sx={{ borderRight: 1, borderColor: 'divider', minHeight: 0 }}>
          <DocumentList
            documents={open.documents}
            selected={doc?.sha256 ?? null}
            markCount={(sha) => liveMarks.filter((m) => m.docSha256 === sha).length}
            onSelect={(sha) => { setDocSha(sha); setGoTo(null); }}
            text={text}
            // While another reviewer has the case its records are theirs to add (the banner says so).
            {...(claim.takenByOther ? {} : { onAddRecords: (dropped?: File[]) => setAdding(dropped ? { dropped } : {}) })}
          />
        </Box>
        <Box component="main" aria-label="The record" sx={{ minHeight: 0, minWidth: 0 }}>
          {doc ? (
            <RecordPane
              caseId={caseId}
              doc={doc}
              docName={docName}
              text={text}
              marks={liveMarks}
              activeMarkId={activeMarkId}
              colorOf={colorOfMark}
              titleOf={titleOfMark}
              goTo={goTo}
              initialPage={open.caseFile.position?.docSha256 === doc.sha256 ? open.caseFile.position.page : 1}
              readOnly={readOnly}
              onSelection={setDraft}
              onPageChange={(page) => void call('cases.setPosition', { caseId, docSha256: doc.sha256, page }).catch(() => undefined)}
              onOpen={(sha, at) => { setDocSha(sha); setGoTo(at); }}
              onMarkWithoutSelection={markWithoutSelection}
            />
          ) : (
            <Alert severity="info" sx={{ m: 2 }}>This case has no documents.</Alert>
          )}
        </Box>
        <Box component="aside" aria-label="Review panel" sx={{ borderLeft: 1, borderColor: 'divider', minHeight: 0, bgcolor: 'background.paper', display: 'flex', flexDirection: 'column' }}>
          <Tabs value={tab} onChange={(_e, v: PanelTab) => setTab(v)} variant="fullWidth" aria-label="Review panel (Alt+1 to Alt+4)"
            sx={{ borderBottom: 1, borderColor: 'divider', minHeight: 40, '& .MuiTab-root': { minHeight: 40, textTransform: 'none' } }}>
            {TABS.map((t, i) => (
              <Tab key={t.value} value={t.value} label={t.label} id={`case-tab-${t.value}`} aria-controls={`case-panel-${t.value}`} data-testid={`tab-${t.value}`} title={`${t.label} (Alt+${i + 1})`} />
            ))}
          </Tabs>
          <Box sx={{ flexGrow: 1, minHeight: 0 }} role="tabpanel" id={`case-panel-${tab}`} aria-labelledby={`case-tab-${tab}`}>
            {tab === 'criteria' && (
              <CriteriaPanel
                readOnly={readOnly}
                review={review.review}
                caseFile={open.caseFile}
                colorOfCriterion={colorOfCriterion}
                docName={docName}
                onStatus={(id, status) => void review.setFinding(id, { status })}
                onFact={(id, name, value) => {
                  const facts = { ...(open.caseFile.findings[id]?.facts ?? {}) };
                  if (value === null) delete facts[name];
                  else facts[name] = value;
                  void review.setFinding(id, { facts });
                }}
                onFactMarks={(id, name, markIds) => void review.save(() => call('findings.set', { caseId, criterionId: id, factMarkIds: { ...(open.caseFile.findings[id]?.factMarkIds ?? {}), [name]: markIds } }))}
                save={review.save}
                onJump={jumpTo}
                onRemoveMark={(m) => void review.removeMark(m.id)}
                onEditMark={setEditing}
                focusedId={focusedCriterion}
                onFocusCriterion={setFocusedCriterion}
                onOpenTab={(t) => setTab(t)}
                suggestions={{
                  caseId,
                  onShow: (sg, criterionId) => showSuggestion(sg, criterionId),
                  onAccept: (anchor, criterionId) => review.addMark(anchor, [criterionId], ''),
                  onAcceptProposal: (p, criterionId) => review.save(() => acceptFactProposal(caseId, criterionId, p, open.caseFile.findings[criterionId]?.facts ?? {})),
                  // Facts are proposed once the record is read, so proposing never starts extraction ahead of the first page.
                  // Read again when a document's extraction or OCR finishes, not at every OCR'd page.
                  textKey: open.documents.map((d) => `${text.statusOf(d.sha256)?.state ?? 'pending'}:${text.statusOf(d.sha256)?.ocr.state ?? 'idle'}`).join(','),
                  textReady: open.documents.every((d) => ['ready', 'failed'].includes(text.statusOf(d.sha256)?.state ?? 'pending')),
                }}
                unreadable={open.documents.flatMap((d) => {
                  const pages = text.statusOf(d.sha256)?.unreadablePages ?? [];
                  return pages.length ? [{ docName: d.name, pages }] : [];
                })}
              />
            )}
            {tab === 'imaging' && <ImagingTab {...tabProps} />}
            {tab === 'decision' && <DecisionTab {...tabProps} />}
            {tab === 'audit' && <AuditTab {...tabProps} />}
          </Box>
        </Box>
      </Box>
      <MarkPicker
        draft={draft}
        options={options}
        preselect={focusedCriterion}
        onCancel={() => {
          setDraft(null);
          window.getSelection()?.removeAllRanges();
        }}
        onSave={async (ids, note) => {
          if (!draft) return;
          if (await review.addMark(draft.anchor, ids, note)) {
            window.getSelection()?.removeAllRanges();
            setDraft(null);
          }
        }}
      />
      <MarkEditDialog
        mark={editing}
        options={options}
        onClose={() => setEditing(null)}
        onSave={(m, criterionIds, note) => {
          void review.save(() => call('marks.update', { caseId, markId: m.id, criterionIds, note })).then((ok) => ok && setEditing(null));
        }}
      />
      {adding && (
        <AddRecordsDialog caseId={caseId} signed={signed} {...(adding.dropped ? { initialFiles: adding.dropped } : {})} onClose={() => setAdding(null)} onAdded={(r) => void recordsAdded(r)} />
      )}
      <Dialog open={amendOffer !== null} onClose={() => setAmendOffer(null)} data-testid="amend-offer" aria-labelledby="amend-offer-title">
        <DialogTitle id="amend-offer-title">Amend the signed determination?</DialogTitle>
        <DialogContent>
          <DialogContentText>
            {amendOffer ? `${countOf(amendOffer.added.length, 'record')} added: ${amendOffer.added.map((a) => a.name).join(', ')}. ` : ''}
            The case is signed, so it stays read-only until you amend. Amending opens a new draft; the signed revision stays viewable as it was signed.
          </DialogContentText>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setAmendOffer(null)} data-testid="amend-offer-later">Not now</Button>
          <Button variant="contained" autoFocus onClick={() => void amend()} data-testid="amend-offer-amend">Amend the determination</Button>
        </DialogActions>
      </Dialog>
      <InformationRequestDialog caseId={caseId} open={requesting} onClose={() => setRequesting(false)} onSent={() => { setRequesting(false); void review.reload(); }} />
      <Snackbar open={!!review.notice} autoHideDuration={8000} onClose={review.clearNotice}>
        <Alert severity="error" onClose={review.clearNotice}>{review.notice}</Alert>
      </Snackbar>
      <Snackbar open={!!info} autoHideDuration={8000} onClose={() => setInfo(null)}>
        <Alert severity="success" onClose={() => setInfo(null)} data-testid="case-info">{info}</Alert>
      </Snackbar>
    </Box>
  );
}
