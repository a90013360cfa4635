import { AppBar, Box, Button, Chip, IconButton, Stack, Toolbar, Tooltip, Typography } from '@mui/material';
import ContactSupportOutlinedIcon from '@mui/icons-material/ContactSupportOutlined';
import { openInformationRequest } from '../../shared/information-request/schema';
import ArrowBackIcon from '@mui/icons-material/ArrowBack';
import LockOutlined from '@mui/icons-material/LockOutlined';
import type { CaseFile } from '../../shared/case/schema';
import { TurnaroundClock } from './TurnaroundClock';
import { CaseClaim, type CaseClaimState } from './CaseClaim';
import { RelatedRequests } from '../intake/RelatedRequests';
import { formatDate } from '../app/format-date';

const LOB_LABEL = { commercial: 'Commercial', 'medicare-advantage': 'Medicare Advantage', medicare: 'Medicare', medicaid: 'Medicaid' } as const;

/** Two lines that shrink with an ellipsis rather than wrap: the header keeps one height at any width from 1280. */
function Block({ top, bottom, flex, testId, heading = false }: { top: string; bottom: string; flex: string; testId?: string; heading?: boolean }) {
  return (
    <Box sx={{ minWidth: 0, flex }} title={`${top}\n${bottom}`}>
      <Typography variant={heading ? 'subtitle1' : 'body2'} component={heading ? 'h1' : 'div'} noWrap sx={{ fontWeight: 600, lineHeight: 1.3 }} data-testid={testId}>{top}</Typography>
      <Typography variant="caption" component="div" noWrap sx={{ opacity: 0.9 }}>{bottom}</Typography>
    </Box>
  );
}

export function CaseHeader({ caseFile, claim, onClose, onRequestInformation }: { caseFile: CaseFile; claim: CaseClaimState; onClose: () => void; onRequestInformation?: () => void }) {
  const r = caseFile.request;
  const signed = caseFile.status === 'signed';
  const waiting = Boolean(openInformationRequest(caseFile.informationRequests));
  const muted = { bgcolor: 'rgba(255,255,255,0.18)', color: 'inherit' };
  return (
    <AppBar position="static" elevation={0} color="primary">
      <Toolbar variant="dense" sx={{ gap: 2, minHeight: 56, flexWrap: 'nowrap' }}>
        <Tooltip title="Back to the queue"><IconButton color="inherit" edge="start" onClick={onClose} aria-label="Back to the queue"><ArrowBackIcon /></IconButton></Tooltip>
        {/* The member's line gives way first; the codes and the date of service never do. */}
        <Block heading flex="1 1 0px" testId="member-name" top={r.member.name}
          bottom={`DOB ${r.member.dateOfBirth ? formatDate(r.member.dateOfBirth) : 'not stated'} · ${r.member.id} · ${r.plan.name} · ${r.plan.lineOfBusiness ? LOB_LABEL[r.plan.lineOfBusiness] : 'line of business not stated'}`} />
        <Block
          top={`${[...r.codes.map((c) => `${c.code} ×${c.units ?? '?'}`), ...r.otherServices.map((o) => `${o.code} (not reviewed here)`)].join(', ')} · DOS ${r.dateOfService ? formatDate(r.dateOfService) : 'not stated'}`}
          bottom={r.diagnoses.map((d) => d.code).join(', ')} testId="header-request" flex="0 0 auto" />
        <Block top={r.requestingProvider.name} bottom={`NPI ${r.requestingProvider.npi}`} flex="0 1 auto" />
        <Stack sx={{ alignItems: 'center', flexShrink: 0 }} direction="row" spacing={1}>
          <TurnaroundClock caseId={caseFile.id} status={caseFile.status} />
          <CaseClaim state={claim} />
          {r.guidelineId && <Chip label={r.guidelineId} sx={muted} />}
          <Chip label={r.urgency === 'expedited' ? 'Expedited' : 'Standard'} color={r.urgency === 'expedited' ? 'error' : 'default'} sx={r.urgency === 'expedited' ? {} : muted} />
          {waiting && <Chip label="Pending information" color="warning" data-testid="pending-chip" />}
          {onRequestInformation && !signed && !waiting && (
            <Button color="inherit" variant="outlined" size="small" startIcon={<ContactSupportOutlinedIcon />} onClick={onRequestInformation} data-testid="request-information" sx={{ textTransform: 'none', borderColor: 'rgba(255,255,255,0.5)', whiteSpace: 'nowrap' }}>
              Request information
            </Button>
          )}
          {signed && (
            <Tooltip title="Signed: the case is read-only. Amend the determination to change it.">
              <Chip icon={<LockOutlined />} label="Signed" color="success" data-testid="signed-chip" />
            </Tooltip>
          )}
        </Stack>
      </Toolbar>
      {/* Earlier requests of this member for the same or similar codes: the Preface then asks for the effect of the previous service. */}
      <Box sx={{ px: 2, '&:has(> *)': { pb: 1 } }}>
        <RelatedRequests query={{ caseId: caseFile.id }} quietWhenNone />
      </Box>
    </AppBar>
  );
}
