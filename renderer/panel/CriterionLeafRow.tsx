import { Alert, Box, Button, Chip, Stack, ToggleButton, ToggleButtonGroup, Tooltip, Typography } from '@mui/material';
import type { NodeResult } from '../../shared/rules/evaluation';
import type { CriterionDetail } from '../../shared/api/contract';
import type { FindingStatus, Mark } from '../../shared/case/schema';
import { STATUS_COLOR, STATUS_LABEL } from './status-style';
import { MarkList } from './MarkList';
import { SuggestionList } from './SuggestionList';
import { FactField } from './FactField';
import { countOf } from '../../shared/text/count-of';
import { FactProposal } from './FactProposal';
import type { FactProposalInfo, ProposalBasisInfo, SuggestionInfo } from '../../shared/api/evidence-api';
import type { MarkAnchor } from '../../shared/case/schema';

interface Props {
  node: NodeResult;
  detail?: CriterionDetail;
  reviewerStatus: FindingStatus;
  marks: Mark[];
  color: string;
  readOnly: boolean;
  docName: (sha256: string) => string;
  onStatus: (status: FindingStatus) => void;
  onFact: (name: string, value: number | null) => void;
  /** The marks recorded as showing each fact's value. */
  factMarkIds?: Record<string, string[]>;
  onFactMarks?: (name: string, markIds: string[]) => void;
  onJump: (mark: Mark) => void;
  onRemoveMark: (mark: Mark) => void;
  onEditMark?: (mark: Mark) => void;
  /** Evidence suggestions: present when the row can offer them. */
  suggestions?: {
    caseId: string;
    marksKey: string;
    onShow: (s: SuggestionInfo | ProposalBasisInfo, criterionId: string) => void;
    onAccept: (anchor: MarkAnchor, criterionId: string) => Promise<boolean>;
    /** Accepting a fact proposed from the record: marks its passages, then sets the value. */
    onAcceptProposal: (p: FactProposalInfo, criterionId: string) => Promise<boolean>;
    textKey: string;
    textReady: boolean;
  };
  focused?: boolean;
  /** The row was clicked: it becomes the criterion the status keys and the mark picker act on. */
  onFocusRow?: () => void;
  /** Opens the tab that decides a row decided elsewhere (the Imaging tab). */
  onOpenTab?: (tab: 'imaging' | 'decision') => void;
}

const DECIDED_BY_TEXT: Partial<Record<NodeResult['decidedBy'], string>> = {
  fact: 'Decided by the value entered against the threshold',
  imaging: 'Decided by the imaging studies recorded in the Imaging tab',
  reviewer: 'Your finding',
  indication: 'Not applicable: another clinical indication is recorded',
  request: 'Not applicable to this request',
};

const CHOICES: { value: FindingStatus; label: string; color: 'success' | 'error' | 'warning' | 'standard' }[] = [
  { value: 'met', label: 'Met', color: 'success' },
  { value: 'not-met', label: 'Not met', color: 'error' },
  { value: 'not-documented', label: 'Not documented', color: 'warning' },
  { value: 'not-applicable', label: 'N/A', color: 'standard' },
];

export function CriterionLeafRow({ node, detail, reviewerStatus, marks, color, readOnly, docName, onStatus, onFact, factMarkIds, onFactMarks, onJump, onRemoveMark, onEditMark, suggestions, focused, onFocusRow, onOpenTab }: Props) {
  const fact = node.fact;
  const valueMarks = fact ? (factMarkIds?.[fact.name] ?? []) : [];
  const toggleValueMark = (id: string) => {
    if (!fact || !onFactMarks) return;
    onFactMarks(fact.name, valueMarks.includes(id) ? valueMarks.filter((x) => x !== id) : [...valueMarks, id]);
  };
  // The Imaging tab decides this row from the studies: its reason shows here, and it takes no finding here.
  const decidedElsewhere = node.decidedBy === 'imaging';

  return (
    <Box sx={{ py: 1, px: 1, borderBottom: 1, borderColor: 'divider', ...(focused ? { outline: '2px solid', outlineColor: 'primary.main', outlineOffset: -2 } : {}) }} data-testid={`criterion-${node.id}`} data-status={node.status} data-criterion-row={node.id}
      data-focused={focused || undefined} onClickCapture={onFocusRow}>
      <Stack sx={{ alignItems: 'flex-start' }} direction="row" spacing={1} >
        <Box sx={{ width: 10, height: 10, mt: 0.75, borderRadius: '2px', bgcolor: color, flexShrink: 0 }} />
        <Box sx={{ flexGrow: 1, minWidth: 0 }}>
          <Tooltip
            placement="left"
            title={detail ? (
              <Box>
                <Typography variant="caption" component="div"><b>Proved by:</b> {detail.proves}</Typography>
                <Typography variant="caption" component="div"><b>Source:</b> {detail.source.file}, {detail.source.section}</Typography>
              </Box>
            ) : ''}
          >
            <Typography variant="body2">{node.text}</Typography>
          </Tooltip>
          {decidedElsewhere && (
            <Box sx={{ mt: 0.5 }} data-testid="decided-elsewhere">
              <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
                <Chip label={STATUS_LABEL[node.status]} color={STATUS_COLOR[node.status]} data-testid="criterion-status" />
                <Typography variant="caption" color="text.secondary">decided by the imaging studies</Typography>
                {onOpenTab && <Button size="small" onClick={() => onOpenTab('imaging')} data-testid="open-imaging-tab" sx={{ py: 0 }}>Open the Imaging tab</Button>}
              </Stack>
              {(node.detail ?? []).map((d, i) => (
                <Typography key={i} variant="caption" component="div" color={node.status === 'not-met' ? 'error.main' : 'text.secondary'} sx={{ mt: 0.25 }}>{d}</Typography>
              ))}
            </Box>
          )}
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center',  mt: 0.5, flexWrap: 'wrap', rowGap: 0.5 }}>
            {!decidedElsewhere && (<>
            <ToggleButtonGroup
              exclusive
              size="small"
              value={reviewerStatus === 'unreviewed' ? null : reviewerStatus}
              disabled={readOnly}
              onChange={(_e, v: FindingStatus | null) => onStatus(v ?? 'unreviewed')}
              aria-label={`Finding for ${node.id}`}
            >
              {CHOICES.map((c, i) => (
                <ToggleButton key={c.value} value={c.value} color={c.color} title={`${c.label} (${i + 1} on the criterion you are on)`} sx={{ py: 0, px: 1, fontSize: 11, textTransform: 'none' }}>{c.label}</ToggleButton>
              ))}
            </ToggleButtonGroup>
            {(node.decidedBy !== 'reviewer' && node.status !== 'unreviewed') || node.status !== reviewerStatus ? (
              <Tooltip title={DECIDED_BY_TEXT[node.decidedBy] ?? 'Decided by the request or the rule'}>
                <Chip label={`${STATUS_LABEL[node.status]}${node.decidedBy === 'fact' ? ' by value' : ''}`} color={STATUS_COLOR[node.status]} data-testid="criterion-status" />
              </Tooltip>
            ) : (
              <span data-testid="criterion-status" hidden>{STATUS_LABEL[node.status]}</span>
            )}
            </>)}
            {fact && <FactField fact={fact} readOnly={readOnly} onFact={onFact} />}
            <Typography variant="caption" color="text.secondary">{countOf(marks.length, 'mark')}</Typography>
          </Stack>
          {node.problem === 'value-missing' && fact && (
            <Alert severity="error" sx={{ mt: 0.5, py: 0 }} data-testid="value-missing">
              Marked met, but the value is not recorded: enter the {fact.label.toLowerCase()} the records show ({fact.unit}). Until then this criterion is not met and signing waits.
            </Alert>
          )}
          {fact && fact.value !== undefined && marks.length > 0 && onFactMarks && (
            <Stack direction="row" spacing={0.5} sx={{ alignItems: 'center', mt: 0.5, flexWrap: 'wrap', rowGap: 0.5 }} data-testid="value-marks">
              <Typography variant="caption" color="text.secondary">{fact.value} {fact.unit} shown by:</Typography>
              {marks.map((m) => (
                <Chip key={m.id} size="small" variant={valueMarks.includes(m.id) ? 'filled' : 'outlined'} color={valueMarks.includes(m.id) ? 'primary' : 'default'}
                  label={`${docName(m.docSha256)} p. ${m.page}`} disabled={readOnly} onClick={() => toggleValueMark(m.id)}
                  aria-pressed={valueMarks.includes(m.id)} sx={{ height: 20, fontSize: 11 }} />
              ))}
              {valueMarks.length === 0 && <Typography variant="caption" color="warning.main">no mark linked to the value yet</Typography>}
            </Stack>
          )}
          {(node.detail?.length ?? 0) > 0 && node.decidedBy !== 'reviewer' && !decidedElsewhere && (
            <Box sx={{ mt: 0.5 }} data-testid="criterion-detail">
              {node.detail!.map((d, i) => <Typography key={i} variant="caption" component="div" color={node.status === 'not-met' ? 'error.main' : 'text.secondary'}>{d}</Typography>)}
            </Box>
          )}
          {fact && suggestions?.textReady && (
            <FactProposal
              caseId={suggestions.caseId}
              criterionId={node.id}
              current={fact.value}
              refreshKey={`${suggestions.marksKey}|${fact.value ?? ''}|${suggestions.textKey}`}
              readOnly={readOnly}
              docName={docName}
              onShow={(s) => suggestions.onShow(s, node.id)}
              onAccept={(p) => suggestions.onAcceptProposal(p, node.id)}
            />
          )}
          <MarkList marks={marks} docName={docName} readOnly={readOnly} onJump={onJump} onRemove={onRemoveMark} {...(onEditMark ? { onEdit: onEditMark } : {})} />
          {suggestions && (detail?.searchTerms.length ?? 0) > 0 && (
            <SuggestionList
              caseId={suggestions.caseId}
              criterionId={node.id}
              marksKey={suggestions.marksKey}
              readOnly={readOnly}
              docName={docName}
              onShow={(s) => suggestions.onShow(s, node.id)}
              onAccept={(anchor) => suggestions.onAccept(anchor, node.id)}
            />
          )}
        </Box>
      </Stack>
    </Box>
  );
}
