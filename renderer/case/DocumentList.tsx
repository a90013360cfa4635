import { List, ListItemButton, ListItemText, Typography, Box } from '@mui/material';
import type { OpenDocument } from '../../shared/api/contract';

interface Props {
  documents: OpenDocument[];
  selected: string | null;
  markCount: (sha256: string) => number;
  onSelect: (sha256: string) => void;
}

export function DocumentList({ documents, selected, markCount, onSelect }: Props) {
  return (
    <Box sx={{ height: '100%', overflow: 'auto', bgcolor: 'background.paper' }}>
      <Typography variant="overline" sx={{ px: 1.5, display: 'block', color: 'text.secondary' }}>Records</Typography>
      <List dense disablePadding>
        {documents.map((d) => (
          <ListItemButton key={d.sha256} selected={d.sha256 === selected} onClick={() => onSelect(d.sha256)} data-testid="document-item">
            <ListItemText
              primary={d.name}
              secondary={`${d.pageCount} ${d.pageCount === 1 ? 'page' : 'pages'} · ${markCount(d.sha256)} marks`}
            />
          </ListItemButton>
        ))}
      </List>
    </Box>
  );
}
