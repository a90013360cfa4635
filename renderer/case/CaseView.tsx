/**
 * An open case: header, the records on the left, the record in the centre, the criteria on
 * the right. Selecting text in the record opens the mark picker; a mark in the panel jumps to
 * its page.
 */
import { useCallback, useMemo, useState } from 'react';
import { Alert, Box, CircularProgress, Snackbar, Tab, Tabs } from '@mui/material';
import type { Mark } from '../../shared/case/schema';
import type { NodeResult } from '../../shared/rules/evaluation';
import type { GoTo } from '../viewer/PdfViewer';
import { RecordPane } from '../viewer/RecordPane';
import { useCaseText } from '../viewer/useCaseText';
import { MarkEditDialog } from '../panel/MarkEditDialog';
import type { SelectionDraft } from '../viewer/selection-to-anchor';
import { CriteriaPanel } from '../panel/CriteriaPanel';
import { acceptFactProposal } from '../panel/accept-fact-proposal';
import { colorForCriterion } from '../panel/status-style';
import { call } from '../api/client';
import { CaseHeader } from './CaseHeader';
import { DocumentList } from './DocumentList';
import { MarkPicker, type CriterionOption } from './MarkPicker';
import { useCaseReview } from './useCaseReview';
import type { CaseTabProps } from './case-tab-props';
import { ImagingTab } from '../imaging/ImagingTab';
import { DecisionTab } from '../decision/DecisionTab';
import { AuditTab } from '../audit/AuditTab';

type PanelTab = 'criteria' | 'imaging' | 'decision' | 'audit';

function leaves(node: NodeResult): NodeResult[] {
  return node.kind === 'leaf' ? [node] : (node.children ?? []).flatMap(leaves);
}

export function CaseView({ caseId, onClose }: { caseId: string; onClose: () => void }) {
  const review = useCaseReview(caseId);
  const { open } = review;
  const [docSha, setDocSha] = useState<string | null>(null);
  const [draft, setDraft] = useState<SelectionDraft | null>(null);
  const [goTo, setGoTo] = useState<GoTo | null>(null);
  const [activeMarkId, setActiveMarkId] = useState<string | null>(null);
  const [tab, setTab] = useState<PanelTab>('criteria');
  const [editing, setEditing] = useState<Mark | null>(null);
  const text = useCaseText(caseId, open?.documents);

  const options: CriterionOption[] = useMemo(
    () => (review.review?.evaluation.rules ?? []).flatMap((r) => leaves(r.tree).map((l) => ({ id: l.id, text: l.text, group: `${r.title} (${r.version})` }))),
    [review.review],
  );
  const colorIndex = useMemo(() => new Map(options.map((o, i) => [o.id, i])), [options]);
  const colorOfCriterion = useCallback((id: string) => colorForCriterion(colorIndex.get(id) ?? 0), [colorIndex]);
  const colorOfMark = useCallback((m: Mark) => colorOfCriterion(m.criterionIds[0] ?? ''), [colorOfCriterion]);
  const titleOfMark = useCallback((m: Mark) => m.criterionIds.join(', '), []);

  if (review.error) return <Alert severity="error" sx={{ m: 3 }}>{review.error}</Alert>;
  if (!open || !review.review) return <Box sx={{ display: 'grid', placeItems: 'center', height: '100vh' }}><CircularProgress /></Box>;

  const currentSha = docSha ?? open.caseFile.position?.docSha256 ?? open.documents[0]?.sha256 ?? null;
  const doc = open.documents.find((d) => d.sha256 === currentSha) ?? open.documents[0];
  const docName = (sha: string) => open.documents.find((d) => d.sha256 === sha)?.name ?? 'Unknown document';
  const liveMarks = open.caseFile.marks.filter((m) => !m.removed);

  const jumpTo = (m: Mark) => {
    setActiveMarkId(m.id);
    setDocSha(m.docSha256);
    const top = m.rects.length ? Math.max(...m.rects.map((r) => r[3])) : undefined;
    setGoTo({ page: m.page, ...(top !== undefined ? { top } : {}), nonce: Date.now() });
  };

  const tabProps: CaseTabProps = {
    caseId,
    open,
    review: review.review,
    readOnly: open.caseFile.status === 'signed',
    reload: review.reload,
    save: review.save,
    onJump: jumpTo,
    onError: review.showNotice,
  };

  return (
    <Box sx={{ height: '100vh', display: 'flex', flexDirection: 'column' }}>
      <CaseHeader caseFile={open.caseFile} onClose={onClose} />
      <Box sx={{ flexGrow: 1, minHeight: 0, display: 'grid', gridTemplateColumns: '230px minmax(0, 1fr) 440px' }}>
        <Box sx={{ borderRight: 1, borderColor: 'divider', minHeight: 0 }}>
          <DocumentList
            documents={open.documents}
            selected={doc?.sha256 ?? null}
            markCount={(sha) => liveMarks.filter((m) => m.docSha256 === sha).length}
            onSelect={(sha) => { setDocSha(sha); setGoTo(null); }}
            text={text}
          />
        </Box>
        <Box sx={{ minHeight: 0, minWidth: 0 }}>
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
              readOnly={open.caseFile.status === 'signed'}
              onSelection={setDraft}
              onPageChange={(page) => void call('cases.setPosition', { caseId, docSha256: doc.sha256, page }).catch(() => undefined)}
              onOpen={(sha, at) => { setDocSha(sha); setGoTo(at); }}
            />
          ) : (
            <Alert severity="info" sx={{ m: 2 }}>This case has no documents.</Alert>
          )}
        </Box>
        <Box sx={{ borderLeft: 1, borderColor: 'divider', minHeight: 0, bgcolor: 'background.paper', display: 'flex', flexDirection: 'column' }}>
          <Tabs value={tab} onChange={(_e, v: PanelTab) => setTab(v)} variant="fullWidth" sx={{ borderBottom: 1, borderColor: 'divider', minHeight: 40, '& .MuiTab-root': { minHeight: 40, textTransform: 'none' } }}>
            <Tab value="criteria" label="Criteria" data-testid="tab-criteria" />
            <Tab value="imaging" label="Imaging" data-testid="tab-imaging" />
            <Tab value="decision" label="Decision" data-testid="tab-decision" />
            <Tab value="audit" label="Audit" data-testid="tab-audit" />
          </Tabs>
          <Box sx={{ flexGrow: 1, minHeight: 0 }}>
            {tab === 'criteria' && (
              <CriteriaPanel
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
                onJump={jumpTo}
                onRemoveMark={(m) => void review.removeMark(m.id)}
                onEditMark={setEditing}
                suggestions={{
                  caseId,
                  onShow: (sg) => { setDocSha(sg.docSha256); setGoTo({ page: sg.page, top: Math.max(...sg.anchor.rects.map((r) => r[3])), nonce: Date.now() }); },
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
        onCancel={() => setDraft(null)}
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
      <Snackbar open={!!review.notice} autoHideDuration={8000} onClose={review.clearNotice}>
        <Alert severity="error" onClose={review.clearNotice}>{review.notice}</Alert>
      </Snackbar>
    </Box>
  );
}
