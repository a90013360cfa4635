import { Box, Chip, InputAdornment, Stack, TextField, ToggleButton, ToggleButtonGroup, Tooltip, Typography } from '@mui/material';
import type { NodeResult } from '../../shared/rules/evaluation';
import type { CriterionDetail } from '../../shared/api/contract';
import type { FindingStatus, Mark } from '../../shared/case/schema';
import { STATUS_COLOR, STATUS_LABEL } from './status-style';
import { MarkList } from './MarkList';
import { SuggestionList } from './SuggestionList';
import { FactProposal } from './FactProposal';
import { useDraft } from '../app/useDraft';
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
  onJump: (mark: Mark) => void;
  onRemoveMark: (mark: Mark) => void;
  onEditMark?: (mark: Mark) => void;
  /** Evidence suggestions: present when the row can offer them. */
  suggestions?: {
    caseId: string;
    marksKey: string;
    onShow: (s: SuggestionInfo | ProposalBasisInfo) => void;
    onAccept: (anchor: MarkAnchor, criterionId: string) => Promise<boolean>;
    /** Accepting a fact proposed from the record: marks its passages, then sets the value. */
    onAcceptProposal: (p: FactProposalInfo, criterionId: string) => Promise<boolean>;
    textKey: string;
    textReady: boolean;
  };
  focused?: boolean;
}

const DECIDED_BY_TEXT: Partial<Record<NodeResult['decidedBy'], string>> = {
  fact: 'Decided by the value entered against the threshold',
  imaging: 'Decided by the imaging studies recorded in the Imaging tab',
  reviewer: 'Your finding',
};

const CHOICES: { value: FindingStatus; label: string; color: 'success' | 'error' | 'warning' | 'standard' }[] = [
  { value: 'met', label: 'Met', color: 'success' },
  { value: 'not-met', label: 'Not met', color: 'error' },
  { value: 'not-documented', label: 'Not documented', color: 'warning' },
  { value: 'not-applicable', label: 'N/A', color: 'standard' },
];

export function CriterionLeafRow({ node, detail, reviewerStatus, marks, color, readOnly, docName, onStatus, onFact, onJump, onRemoveMark, onEditMark, suggestions, focused }: Props) {
  const fact = node.fact;
  const [factText, setFactText] = useDraft(fact?.value !== undefined ? String(fact.value) : '');

  const commitFact = () => {
    if (!fact) return;
    const trimmed = factText.trim();
    const value = trimmed === '' ? null : Number(trimmed);
    if (value !== null && !Number.isFinite(value)) return;
    if (value !== (fact.value ?? null)) onFact(fact.name, value);
  };

  return (
    <Box sx={{ py: 1, px: 1, borderBottom: 1, borderColor: 'divider', ...(focused ? { outline: '2px solid', outlineColor: 'primary.main', outlineOffset: -2 } : {}) }} data-testid={`criterion-${node.id}`} data-status={node.status} data-criterion-row={node.id}>
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
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center',  mt: 0.5, flexWrap: 'wrap', rowGap: 0.5 }}>
            <ToggleButtonGroup
              exclusive
              size="small"
              value={reviewerStatus === 'unreviewed' ? null : reviewerStatus}
              disabled={readOnly}
              onChange={(_e, v: FindingStatus | null) => onStatus(v ?? 'unreviewed')}
              aria-label={`Finding for ${node.id}`}
            >
              {CHOICES.map((c) => (
                <ToggleButton key={c.value} value={c.value} color={c.color} sx={{ py: 0, px: 1, fontSize: 11, textTransform: 'none' }}>{c.label}</ToggleButton>
              ))}
            </ToggleButtonGroup>
            {(node.decidedBy !== 'reviewer' && node.status !== 'unreviewed') || node.status !== reviewerStatus ? (
              <Tooltip title={DECIDED_BY_TEXT[node.decidedBy] ?? 'Decided by the request or the rule'}>
                <Chip label={`${STATUS_LABEL[node.status]}${node.decidedBy === 'fact' ? ' by value' : ''}`} color={STATUS_COLOR[node.status]} data-testid="criterion-status" />
              </Tooltip>
            ) : (
              <span data-testid="criterion-status" hidden>{STATUS_LABEL[node.status]}</span>
            )}
            {fact && (
              <TextField
                label={fact.label}
                value={factText}
                disabled={readOnly}
                onChange={(e) => setFactText(e.target.value)}
                onBlur={commitFact}
                onKeyDown={(e) => e.key === 'Enter' && commitFact()}
                sx={{ width: 190 }}
                slotProps={{
                  htmlInput: { inputMode: 'decimal', 'aria-label': fact.label },
                  // The unit sits at the end of the field: a label resting inside would run into it.
                  inputLabel: { shrink: true },
                  input: { endAdornment: <InputAdornment position="end">{fact.unit}</InputAdornment> },
                }}
                helperText={`needs ${fact.op} ${fact.threshold} ${fact.unit}`}
              />
            )}
            <Typography variant="caption" color="text.secondary">{marks.length} {marks.length === 1 ? 'mark' : 'marks'}</Typography>
          </Stack>
          {fact && suggestions?.textReady && (
            <FactProposal
              caseId={suggestions.caseId}
              criterionId={node.id}
              current={fact.value}
              refreshKey={`${suggestions.marksKey}|${fact.value ?? ''}|${suggestions.textKey}`}
              readOnly={readOnly}
              docName={docName}
              onShow={suggestions.onShow}
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
              onShow={suggestions.onShow}
              onAccept={(anchor) => suggestions.onAccept(anchor, node.id)}
            />
          )}
        </Box>
      </Stack>
    </Box>
  );
}
