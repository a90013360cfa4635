/**
 * The right-hand panel: the criteria of every guideline in effect on the date of service, with
 * their group logic, the reviewer's findings and facts, and the marks that prove each one. The
 * guideline's own criteria come first, then the Preface and the clinical information; groups that
 * are met or do not apply fold away. On the criterion reached with n/p (or clicked), 1–4 set the
 * finding: 1 met, 2 not met, 3 not documented, 4 not applicable, 0 back to not reviewed.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { Alert, Box, Button, Chip, Collapse, Stack, Typography } from '@mui/material';
import ExpandMoreIcon from '@mui/icons-material/ExpandMore';
import ChevronRightIcon from '@mui/icons-material/ChevronRight';
import type { NodeResult, RuleResult } from '../../shared/rules/evaluation';
import type { ReviewEvaluation } from '../../shared/api/contract';
import type { CaseFile, FindingStatus, Mark, MarkAnchor } from '../../shared/case/schema';
import type { FactProposalInfo, ProposalBasisInfo, SuggestionInfo } from '../../shared/api/evidence-api';
import { CriterionLeafRow } from './CriterionLeafRow';
import { ReviewChecks } from './ReviewChecks';
import { RECOMMENDATION_LABEL, STATUS_COLOR, STATUS_LABEL } from './status-style';
import { plainKey, shortcutsSuspended } from '../app/shortcuts';
import { countOf } from '../../shared/text/count-of';
import { formatDate } from '../app/format-date';

/** The guideline's own criteria decide the request's specifics: they come before the general requirements. */
const ROLE_ORDER: Record<RuleResult['role'], number> = { guideline: 0, preface: 1, 'clinical-information': 2 };
export function inReviewOrder(rules: readonly RuleResult[]): RuleResult[] {
  return rules.map((r, i) => ({ r, i })).sort((a, b) => ROLE_ORDER[a.r.role] - ROLE_ORDER[b.r.role] || a.i - b.i).map(({ r }) => r);
}

/** A group folds away once it is met or does not apply: nothing in it needs the director now. */
const settled = (n: NodeResult) => n.kind !== 'leaf' && (n.status === 'met' || n.status === 'not-applicable');

const STATUS_KEYS: Record<string, FindingStatus> = { '1': 'met', '2': 'not-met', '3': 'not-documented', '4': 'not-applicable', '0': 'unreviewed' };

/** Ids of the groups on the way to a leaf, so stepping to it opens the folded groups around it. */
function groupsAbove(node: NodeResult, id: string, path: string[] = []): string[] | null {
  if (node.kind === 'leaf') return node.id === id ? path : null;
  for (const c of node.children ?? []) {
    const found = groupsAbove(c, id, [...path, node.id]);
    if (found) return found;
  }
  return null;
}

interface Props {
  review: ReviewEvaluation;
  caseFile: CaseFile;
  /** A signed case, or in team mode one another reviewer has: nothing here changes it. */
  readOnly: boolean;
  colorOfCriterion: (criterionId: string) => string;
  docName: (sha256: string) => string;
  onStatus: (criterionId: string, status: FindingStatus) => void;
  onFact: (criterionId: string, name: string, value: number | null) => void;
  /** Links a fact's value to the marks that show it. */
  onFactMarks?: (criterionId: string, name: string, markIds: string[]) => void;
  /** Runs a change through the API and reloads the case (indication, checks, experimental uses). */
  save?: (work: () => Promise<unknown>) => Promise<boolean>;
  onJump: (mark: Mark) => void;
  onRemoveMark: (mark: Mark) => void;
  onEditMark?: (mark: Mark) => void;
  /** Evidence suggestions under each criterion. */
  suggestions?: {
    caseId: string;
    onShow: (s: SuggestionInfo | ProposalBasisInfo, criterionId: string) => void;
    onAccept: (anchor: MarkAnchor, criterionId: string) => Promise<boolean>;
    onAcceptProposal: (p: FactProposalInfo, criterionId: string) => Promise<boolean>;
    /** Changes when a document's extraction or OCR finishes; whether every document's text is read. */
    textKey: string;
    textReady: boolean;
  };
  /** Records with pages nobody can read: the reviewer must know before deciding. */
  unreadable?: { docName: string; pages: number[] }[];
  /** The criterion the reviewer is on (n/p), when the case view keeps it (the mark picker preselects it). */
  focusedId?: string | null;
  onFocusCriterion?: (criterionId: string) => void;
  /** Opens another tab of the side panel, where a criterion decided elsewhere is decided. */
  onOpenTab?: (tab: 'imaging' | 'decision') => void;
}


function leafIds(node: NodeResult): string[] {
  return node.kind === 'leaf' ? [node.id] : (node.children ?? []).flatMap(leafIds);
}

function findLeaf(node: NodeResult, id: string): NodeResult | undefined {
  if (node.kind === 'leaf') return node.id === id ? node : undefined;
  for (const c of node.children ?? []) {
    const f = findLeaf(c, id);
    if (f) return f;
  }
  return undefined;
}

function findGroup(node: NodeResult, id: string): NodeResult | undefined {
  if (node.kind === 'leaf') return undefined;
  if (node.id === id) return node;
  for (const c of node.children ?? []) {
    const f = findGroup(c, id);
    if (f) return f;
  }
  return undefined;
}

const GROUP_LABEL = (n: NodeResult) =>
  n.kind === 'all' ? 'All of the following' : n.kind === 'any' ? 'Any one of the following' : `At least ${n.n} of the following`;

export function CriteriaPanel(props: Props) {
  const { review, caseFile } = props;
  const ev = review.evaluation;
  const { readOnly } = props;
  const marksFor = (criterionId: string) => caseFile.marks.filter((m) => !m.removed && m.criterionIds.includes(criterionId));
  const marksKey = caseFile.marks.map((m) => `${m.id}${m.removed ? '-' : ''}${m.criterionIds.join()}`).join(',');
  const suggestionProps = props.suggestions ? { ...props.suggestions, marksKey } : undefined;

  const rules = useMemo(() => inReviewOrder(ev.rules), [ev.rules]);
  // Groups the director opened although settled, or folded although open.
  const [toggled, setToggled] = useState<Set<string>>(new Set());
  const isOpen = (n: NodeResult) => (settled(n) ? toggled.has(n.id) : !toggled.has(n.id));
  const toggle = (id: string) => setToggled((t) => {
    const next = new Set(t);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    return next;
  });
  /** Opens every folded group around a leaf, so the criterion stepped to is in view. */
  const reveal = (leafId: string) => {
    const above = rules.flatMap((r) => (groupsAbove(r.tree, leafId) ?? []).map((gid) => findGroup(r.tree, gid)!));
    setToggled((t) => {
      const next = new Set(t);
      for (const g of above) {
        if (settled(g)) next.add(g.id);
        else next.delete(g.id);
      }
      return next;
    });
  };

  // n / p: the next or previous criterion, scrolled into view and outlined.
  const order = useMemo(() => rules.flatMap((r) => leafIds(r.tree)), [rules]);
  const [ownFocus, setOwnFocus] = useState<string | null>(null);
  const focusedId = props.focusedId !== undefined ? props.focusedId : ownFocus;
  const setFocusedId = (id: string) => (props.onFocusCriterion ? props.onFocusCriterion(id) : setOwnFocus(id));
  const rootRef = useRef<HTMLDivElement>(null);
  const stepRef = useRef<(by: number) => void>(() => undefined);
  useEffect(() => {
    stepRef.current = (by: number) => {
      if (order.length === 0) return;
      const at = focusedId ? order.indexOf(focusedId) : -1;
      const next = order[at < 0 ? (by > 0 ? 0 : order.length - 1) : (at + by + order.length) % order.length]!;
      setFocusedId(next);
      reveal(next);
      setTimeout(() => rootRef.current?.querySelector(`[data-criterion-row="${CSS.escape(next)}"]`)?.scrollIntoView({ block: 'center', behavior: 'smooth' }), 0);
    };
    statusRef.current = (status: FindingStatus) => {
      if (!focusedId || readOnly) return false;
      const leaf = rules.map((r) => findLeaf(r.tree, focusedId)).find(Boolean);
      // A row decided elsewhere (the Imaging tab) takes no finding here.
      if (!leaf || leaf.decidedBy === 'imaging') return false;
      props.onStatus(focusedId, status);
      return true;
    };
  });
  const statusRef = useRef<(s: FindingStatus) => boolean>(() => false);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (shortcutsSuspended(e) || !plainKey(e)) return;
      if (e.key === 'n') stepRef.current(1);
      else if (e.key === 'p') stepRef.current(-1);
      else if (STATUS_KEYS[e.key] && statusRef.current(STATUS_KEYS[e.key]!)) e.preventDefault();
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
          factMarkIds={caseFile.findings[node.id]?.factMarkIds ?? {}}
          {...(props.onFactMarks ? { onFactMarks: (name: string, ids: string[]) => props.onFactMarks!(node.id, name, ids) } : {})}
          onJump={props.onJump}
          onRemoveMark={props.onRemoveMark}
          {...(props.onEditMark ? { onEditMark: props.onEditMark } : {})}
          {...(suggestionProps ? { suggestions: suggestionProps } : {})}
          {...(props.onOpenTab ? { onOpenTab: props.onOpenTab } : {})}
          focused={focusedId === node.id}
          onFocusRow={() => setFocusedId(node.id)}
        />
      );
    }
    const open = isOpen(node);
    const leaves = leafIds(node).length;
    return (
      <Box key={node.id} sx={{ ml: depth > 0 ? 1.5 : 0, borderLeft: depth > 0 ? 2 : 0, borderColor: 'grey.300' }} data-testid={`group-${node.id}`} data-open={open}>
        <Button
          onClick={() => toggle(node.id)}
          aria-expanded={open}
          startIcon={open ? <ExpandMoreIcon fontSize="small" /> : <ChevronRightIcon fontSize="small" />}
          sx={{ justifyContent: 'flex-start', textAlign: 'left', width: '100%', px: 1, pt: 1, pb: open ? 0 : 1, color: 'text.secondary', '& .MuiButton-startIcon': { mr: 0.5 } }}
          data-testid={`group-toggle-${node.id}`}
        >
          <Typography variant="caption" component="span" sx={{ fontWeight: 600, textTransform: 'uppercase', letterSpacing: 0.4, flexGrow: 1 }}>
            {node.text ? `${node.text} — ` : ''}{GROUP_LABEL(node)}{open ? '' : ` (${countOf(leaves, 'criterion', 'criteria')})`}
          </Typography>
          <Chip component="span" label={STATUS_LABEL[node.status]} color={STATUS_COLOR[node.status]} variant="outlined" sx={{ height: 18, fontSize: 11, ml: 1 }} />
        </Button>
        <Collapse in={open} unmountOnExit>
          {node.children?.map((c) => renderNode(c, depth + 1))}
        </Collapse>
      </Box>
    );
  };
  // Notices about what this guideline does not cover are one line, opened on demand: they are true of every case under it.
  const scoped = (n: { kind: string }) => n.kind === 'criteria-not-encoded' || n.kind === 'scope-note';
  const scopeNotices = ev.notices.filter(scoped);
  const otherNotices = ev.notices.filter((n) => !scoped(n));

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
          <Typography key={`${c.code}-${i}`} variant="caption" component="div" color="text.secondary" data-testid={`recommendation-reason-${c.code}`}>
            {c.code}: {r.letterSentence} ({r.guidelineId} {r.version}, {r.criterionId})
          </Typography>
        )))}
        {ev.codes.filter((c) => c.alsoNotReviewed.length > 0 && c.recommendation !== 'incomplete').map((c) => (
          <Box key={`open-${c.code}`} component="details" sx={{ mt: 0.5 }} data-testid={`also-not-reviewed-${c.code}`}>
            <Box component="summary" sx={{ cursor: 'pointer', typography: 'caption', color: 'text.secondary' }}>
              {c.code}: also not reviewed, not needed for this recommendation ({c.alsoNotReviewed.length})
            </Box>
            {c.alsoNotReviewed.map((o) => (
              <Typography key={o.id} variant="caption" component="div" color="text.secondary" sx={{ pl: 1.5 }}>• {o.text}{o.why ? ` (${o.why})` : ''}</Typography>
            ))}
          </Box>
        ))}
        {ev.codes.filter((c) => c.recommendation === 'incomplete' && c.alsoNotReviewed.length > 0).map((c) => (
          <Typography key={`todo-${c.code}`} variant="caption" component="div" color="text.secondary" data-testid={`still-open-${c.code}`}>
            {c.code}: {c.alsoNotReviewed.length} still to review before a recommendation{c.alsoNotReviewed.some((o) => o.why) ? `, including ${c.alsoNotReviewed.filter((o) => o.why).map((o) => `“${o.text.replace(/\.$/, '')}” (${o.why})`).join('; ')}` : ''}.
          </Typography>
        ))}
        {ev.problems.map((p, i) => (
          <Alert key={`p${i}`} severity={p.blocksSigning ? 'error' : 'warning'} sx={{ mt: 1, py: 0 }} data-testid="review-problem" data-kind={p.kind}>
            {p.message}{p.blocksSigning ? ' Signing waits for this.' : ''}
          </Alert>
        ))}
        {ev.errors.map((e, i) => <Alert key={`e${i}`} severity="error" sx={{ mt: 1 }}>{e.message}</Alert>)}
        {otherNotices.map((n, i) => <Alert key={`n${i}`} severity={n.kind === 'cms-policy-supersedes' ? 'warning' : 'info'} sx={{ mt: 1, py: 0 }}>{n.message}</Alert>)}
        {scopeNotices.length > 0 && (
          <Box component="details" sx={{ mt: 0.5 }} data-testid="scope-notice">
            <Box component="summary" sx={{ cursor: 'pointer', typography: 'caption', color: 'primary.main' }}>What this guideline&apos;s encoded criteria do not cover</Box>
            {scopeNotices.map((n, i) => <Typography key={i} variant="caption" component="div" color="text.secondary" sx={{ pl: 1.5, mt: 0.25 }}>{n.message}</Typography>)}
          </Box>
        )}
        {ev.codingFindings.map((f, i) => <Alert key={`c${i}`} severity={f.severity === 'denies' ? 'error' : 'info'} sx={{ mt: 1, py: 0 }}>{f.message}</Alert>)}
      </Box>
      {props.save && <ReviewChecks evaluation={ev} caseFile={caseFile} readOnly={readOnly} save={props.save} />}
      {rules.map((rule: RuleResult) => (
        <Box key={rule.ruleId} sx={{ borderBottom: 2, borderColor: 'divider' }} data-testid={`rule-${rule.ruleId}`}>
          <Box sx={{ px: 1.5, py: 1, bgcolor: 'background.paper', position: 'sticky', top: 0, zIndex: 1, borderBottom: 1, borderColor: 'divider' }}>
            <Stack sx={{ alignItems: 'center' }} direction="row" spacing={1} >
              <Typography variant="subtitle2" sx={{ flexGrow: 1 }}>{rule.title}</Typography>
              <Chip label={STATUS_LABEL[rule.status]} color={STATUS_COLOR[rule.status]} />
            </Stack>
            <Typography variant="caption" color="text.secondary">
              {rule.guidelineId} · version {rule.version} · effective {formatDate(rule.effectiveFrom)}{rule.codes.length ? ` · codes ${rule.codes.join(', ')}` : ''}
            </Typography>
          </Box>
          {renderNode(rule.tree, 0)}
        </Box>
      ))}
    </Box>
  );
}
