import { AppBar, Box, Button, Chip, IconButton, Stack, Toolbar, Tooltip, Typography } from '@mui/material';
import ContactSupportOutlinedIcon from '@mui/icons-material/ContactSupportOutlined';
import { openInformationRequest } from '../../shared/information-request/schema';
import ArrowBackIcon from '@mui/icons-material/ArrowBack';
import type { CaseFile } from '../../shared/case/schema';
import { TurnaroundClock } from './TurnaroundClock';
import { RelatedRequests } from '../intake/RelatedRequests';

const LOB_LABEL = { commercial: 'Commercial', 'medicare-advantage': 'Medicare Advantage', medicare: 'Medicare', medicaid: 'Medicaid' } as const;

export function CaseHeader({ caseFile, onClose, onRequestInformation }: { caseFile: CaseFile; onClose: () => void; onRequestInformation?: () => void }) {
  const r = caseFile.request;
  const waiting = Boolean(openInformationRequest(caseFile.informationRequests));
  return (
    <AppBar position="static" elevation={0} color="primary">
      <Toolbar variant="dense" sx={{ gap: 2, minHeight: 56 }}>
        <Tooltip title="Back to the queue"><IconButton color="inherit" edge="start" onClick={onClose} aria-label="Back to the queue"><ArrowBackIcon /></IconButton></Tooltip>
        <Box sx={{ minWidth: 0 }}>
          <Typography variant="subtitle1" sx={{ fontWeight: 600, lineHeight: 1.2 }} data-testid="member-name">{r.member.name}</Typography>
          <Typography variant="caption" sx={{ opacity: 0.85 }}>
            DOB {r.member.dateOfBirth ?? 'not stated'} · {r.member.id} · {r.plan.name} · {r.plan.lineOfBusiness ? LOB_LABEL[r.plan.lineOfBusiness] : 'line of business not stated'}
          </Typography>
        </Box>
        <Box sx={{ minWidth: 0 }}>
          <Typography variant="body2" sx={{ fontWeight: 600 }}>{[...r.codes.map((c) => `${c.code} ×${c.units ?? '?'}`), ...r.otherServices.map((o) => `${o.code} (not reviewed here)`)].join(', ')}</Typography>
          <Typography variant="caption" sx={{ opacity: 0.85 }}>{r.diagnoses.map((d) => d.code).join(', ')}</Typography>
        </Box>
        <Box sx={{ minWidth: 0 }}>
          <Typography variant="body2">{r.requestingProvider.name}</Typography>
          <Typography variant="caption" sx={{ opacity: 0.85 }}>NPI {r.requestingProvider.npi}</Typography>
        </Box>
        <Box sx={{ flexGrow: 1 }} />
        <Stack sx={{ alignItems: 'center' }} direction="row" spacing={1} >
          <TurnaroundClock caseId={caseFile.id} status={caseFile.status} />
          <Typography variant="body2">Date of service {r.dateOfService ?? 'not stated'}</Typography>
          {r.guidelineId && <Chip label={r.guidelineId} sx={{ bgcolor: 'rgba(255,255,255,0.18)', color: 'inherit' }} />}
          <Chip label={r.urgency === 'expedited' ? 'Expedited' : 'Standard'} color={r.urgency === 'expedited' ? 'error' : 'default'} sx={r.urgency === 'expedited' ? {} : { bgcolor: 'rgba(255,255,255,0.18)', color: 'inherit' }} />
          {caseFile.status === 'signed' && <Chip label="Signed · read-only" color="success" />}
          {waiting && <Chip label="Pending information" color="warning" data-testid="pending-chip" />}
          {onRequestInformation && caseFile.status !== 'signed' && !waiting && (
            <Button color="inherit" variant="outlined" size="small" startIcon={<ContactSupportOutlinedIcon />} onClick={onRequestInformation} data-testid="request-information" sx={{ textTransform: 'none', borderColor: 'rgba(255,255,255,0.5)' }}>
              Request information
            </Button>
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
