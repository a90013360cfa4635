/**
 * The right-hand panel: the criteria of every guideline in effect on the date of service, with
 * their group logic, the reviewer's findings and facts, and the marks that prove each one.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { Alert, Box, Chip, Stack, Typography } from '@mui/material';
import type { NodeResult, RuleResult } from '../../shared/rules/evaluation';
import type { ReviewEvaluation } from '../../shared/api/contract';
import type { CaseFile, FindingStatus, Mark, MarkAnchor } from '../../shared/case/schema';
import type { FactProposalInfo, ProposalBasisInfo, SuggestionInfo } from '../../shared/api/evidence-api';
import { CriterionLeafRow } from './CriterionLeafRow';
import { RECOMMENDATION_LABEL, STATUS_COLOR, STATUS_LABEL } from './status-style';

interface Props {
  review: ReviewEvaluation;
  caseFile: CaseFile;
  colorOfCriterion: (criterionId: string) => string;
  docName: (sha256: string) => string;
  onStatus: (criterionId: string, status: FindingStatus) => void;
  onFact: (criterionId: string, name: string, value: number | null) => void;
  onJump: (mark: Mark) => void;
  onRemoveMark: (mark: Mark) => void;
  onEditMark?: (mark: Mark) => void;
  /** Evidence suggestions under each criterion. */
  suggestions?: {
    caseId: string;
    onShow: (s: SuggestionInfo | ProposalBasisInfo) => void;
    onAccept: (anchor: MarkAnchor, criterionId: string) => Promise<boolean>;
    onAcceptProposal: (p: FactProposalInfo, criterionId: string) => Promise<boolean>;
    /** Changes when a document's extraction or OCR finishes; whether every document's text is read. */
    textKey: string;
    textReady: boolean;
  };
  /** Records with pages nobody can read: the reviewer must know before deciding. */
  unreadable?: { docName: string; pages: number[] }[];
}

const typingIn = (t: EventTarget | null) => t instanceof HTMLElement && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));

function leafIds(node: NodeResult): string[] {
  return node.kind === 'leaf' ? [node.id] : (node.children ?? []).flatMap(leafIds);
}

const GROUP_LABEL = (n: NodeResult) =>
  n.kind === 'all' ? 'All of the following' : n.kind === 'any' ? 'Any one of the following' : `At least ${n.n} of the following`;

export function CriteriaPanel(props: Props) {
  const { review, caseFile } = props;
  const ev = review.evaluation;
  const readOnly = caseFile.status === 'signed';
  const marksFor = (criterionId: string) => caseFile.marks.filter((m) => !m.removed && m.criterionIds.includes(criterionId));
  const marksKey = caseFile.marks.map((m) => `${m.id}${m.removed ? '-' : ''}${m.criterionIds.join()}`).join(',');
  const suggestionProps = props.suggestions ? { ...props.suggestions, marksKey } : undefined;

  // n / p: the next or previous criterion, scrolled into view and outlined.
  const order = useMemo(() => ev.rules.flatMap((r) => leafIds(r.tree)), [ev.rules]);
  const [focusedId, setFocusedId] = useState<string | null>(null);
  const rootRef = useRef<HTMLDivElement>(null);
  const stepRef = useRef<(by: number) => void>(() => undefined);
  useEffect(() => {
    stepRef.current = (by: number) => {
      if (order.length === 0) return;
      const at = focusedId ? order.indexOf(focusedId) : -1;
      const next = order[at < 0 ? (by > 0 ? 0 : order.length - 1) : (at + by + order.length) % order.length]!;
      setFocusedId(next);
      rootRef.current?.querySelector(`[data-criterion-row="${CSS.escape(next)}"]`)?.scrollIntoView({ block: 'center', behavior: 'smooth' });
    };
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (typingIn(e.target) || e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key === 'n') stepRef.current(1);
      else if (e.key === 'p') stepRef.current(-1);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const renderNode = (node: NodeResult, depth: number): React.ReactNode => {
    if (node.kind === 'leaf') {
      return (
        <CriterionLeafRow
          key={node.id}
          node={node}
          detail={review.criteria[node.id]}
          reviewerStatus={caseFile.findings[node.id]?.status ?? 'unreviewed'}
          marks={marksFor(node.id)}
          color={props.colorOfCriterion(node.id)}
          readOnly={readOnly}
          docName={props.docName}
          onStatus={(s) => props.onStatus(node.id, s)}
          onFact={(name, value) => props.onFact(node.id, name, value)}
          onJump={props.onJump}
          onRemoveMark={props.onRemoveMark}
          {...(props.onEditMark ? { onEditMark: props.onEditMark } : {})}
          {...(suggestionProps ? { suggestions: suggestionProps } : {})}
          focused={focusedId === node.id}
        />
      );
    }
    return (
      <Box key={node.id} sx={{ ml: depth > 0 ? 1.5 : 0, borderLeft: depth > 0 ? 2 : 0, borderColor: 'grey.300' }} data-testid={`group-${node.id}`}>
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center',  px: 1, pt: 1 }}>
          <Typography variant="caption" sx={{ fontWeight: 600, textTransform: 'uppercase', letterSpacing: 0.4 }} color="text.secondary">
            {node.text ? `${node.text} — ` : ''}{GROUP_LABEL(node)}
          </Typography>
          <Chip label={STATUS_LABEL[node.status]} color={STATUS_COLOR[node.status]} variant="outlined" sx={{ height: 18, fontSize: 11 }} />
        </Stack>
        {node.children?.map((c) => renderNode(c, depth + 1))}
      </Box>
    );
  };

  return (
    <Box sx={{ height: '100%', overflow: 'auto' }} data-testid="criteria-panel" ref={rootRef}>
      {(props.unreadable ?? []).length > 0 && (
        <Alert severity="error" sx={{ borderRadius: 0 }} data-testid="panel-unreadable">
          Parts of the record cannot be read: {props.unreadable!.map((u) => `${u.docName}, p. ${u.pages.join(', ')}`).join('; ')}. Medical necessity cannot be established from unreadable pages: read the images or ask for a legible copy.
        </Alert>
      )}
      <Box sx={{ p: 1.5, borderBottom: 1, borderColor: 'divider', bgcolor: 'grey.50' }}>
        <Typography variant="subtitle2" gutterBottom>Recommendation</Typography>
        {ev.codes.map((c) => (
          <Stack key={c.code} direction="row" spacing={1} sx={{ alignItems: 'center',  mb: 0.5 }} data-testid={`recommendation-${c.code}`}>
            <Typography variant="body2" sx={{ fontFamily: 'monospace', fontWeight: 600 }}>{c.code} ×{c.units}</Typography>
            <Chip
              label={RECOMMENDATION_LABEL[c.recommendation]}
              color={c.recommendation === 'approve' ? 'success' : c.recommendation === 'incomplete' ? 'default' : 'error'}
              variant={c.recommendation === 'incomplete' ? 'outlined' : 'filled'}
            />
          </Stack>
        ))}
        {ev.codes.flatMap((c) => c.reasons.slice(0, 3).map((r, i) => (
          <Typography key={`${c.code}-${i}`} variant="caption" component="div" color="text.secondary">
            {c.code}: {r.text} ({r.guidelineId} {r.version}, {r.criterionId})
          </Typography>
        )))}
        {ev.errors.map((e, i) => <Alert key={`e${i}`} severity="error" sx={{ mt: 1 }}>{e.message}</Alert>)}
        {ev.notices.map((n, i) => <Alert key={`n${i}`} severity={n.kind === 'cms-policy-supersedes' || n.kind === 'criteria-not-encoded' ? 'warning' : 'info'} sx={{ mt: 1, py: 0 }}>{n.message}</Alert>)}
        {ev.codingFindings.map((f, i) => <Alert key={`c${i}`} severity={f.severity === 'denies' ? 'error' : 'info'} sx={{ mt: 1, py: 0 }}>{f.message}</Alert>)}
      </Box>
      {ev.rules.map((rule: RuleResult) => (
        <Box key={rule.ruleId} sx={{ borderBottom: 2, borderColor: 'divider' }} data-testid={`rule-${rule.ruleId}`}>
          <Box sx={{ px: 1.5, py: 1, bgcolor: 'background.paper', position: 'sticky', top: 0, zIndex: 1, borderBottom: 1, borderColor: 'divider' }}>
            <Stack sx={{ alignItems: 'center' }} direction="row" spacing={1} >
              <Typography variant="subtitle2" sx={{ flexGrow: 1 }}>{rule.title}</Typography>
              <Chip label={STATUS_LABEL[rule.status]} color={STATUS_COLOR[rule.status]} />
            </Stack>
            <Typography variant="caption" color="text.secondary">
              {rule.guidelineId} · version {rule.version} · effective {rule.effectiveFrom}{rule.codes.length ? ` · codes ${rule.codes.join(', ')}` : ''}
            </Typography>
          </Box>
          {renderNode(rule.tree, 0)}
        </Box>
      ))}
    </Box>
  );
}
