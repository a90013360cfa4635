import { IconButton, List, ListItem, ListItemButton, ListItemText, Stack, Tooltip, Typography } from '@mui/material';
import DeleteOutlineIcon from '@mui/icons-material/DeleteOutlineOutlined';
import EditOutlinedIcon from '@mui/icons-material/EditOutlined';
import type { Mark } from '../../shared/case/schema';

interface Props {
  marks: Mark[];
  docName: (sha256: string) => string;
  readOnly: boolean;
  onJump: (mark: Mark) => void;
  onRemove: (mark: Mark) => void;
  onEdit?: (mark: Mark) => void;
}

export function MarkList({ marks, docName, readOnly, onJump, onRemove, onEdit }: Props) {
  if (marks.length === 0) return null;
  return (
    <List dense disablePadding sx={{ mt: 0.5 }}>
      {marks.map((m) => (
        // The jump is one button; edit and remove sit beside it, not inside it (a button in a button cannot be reached).
        <ListItem key={m.id} disablePadding data-testid="criterion-mark" sx={{ borderLeft: 3, borderColor: 'primary.light', mb: 0.5, bgcolor: 'grey.50', alignItems: 'flex-start' }}
          secondaryAction={readOnly ? undefined : (
            <Stack direction="row">
          {!readOnly && onEdit && (
            <Tooltip title="Edit the criteria and note">
              <IconButton size="small" aria-label="Edit mark" onClick={(e) => { e.stopPropagation(); onEdit(m); }} data-testid="edit-mark">
                <EditOutlinedIcon fontSize="small" />
              </IconButton>
            </Tooltip>
          )}
          {!readOnly && (
            <Tooltip title="Remove this mark (the removal is recorded)">
              <IconButton size="small" edge="end" aria-label="Remove mark" onClick={(e) => { e.stopPropagation(); onRemove(m); }}>
                <DeleteOutlineIcon fontSize="small" />
              </IconButton>
            </Tooltip>
          )}
            </Stack>
          )}>
          <ListItemButton onClick={() => onJump(m)} sx={{ pl: 1, py: 0.25, pr: readOnly ? 1 : 9 }}>
            <ListItemText
              primary={<Typography variant="body2" sx={{ fontStyle: 'italic' }}>“{m.kind === 'area' ? (m.quote ? `Marked area: ${truncate(m.quote, 160)}` : 'Marked area') : truncate(m.quote, 180)}”</Typography>}
              secondary={`${docName(m.docSha256)}, page ${m.page}${m.pageEnd && m.pageEnd !== m.page ? `–${m.pageEnd}` : ''}${m.note ? ` · ${m.note}` : ''}`}
            />
          </ListItemButton>
        </ListItem>
      ))}
    </List>
  );
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}
