/**
 * A group heading inside an Autocomplete's listbox, as ARIA wants it: the listbox owns groups
 * (role "group", named by their heading) that own options. MUI's default wraps options in a
 * plain <li><ul>, which screen readers and axe read as a list inside the listbox.
 */
import { Box } from '@mui/material';
import type { AutocompleteRenderGroupParams } from '@mui/material';

export function renderListboxGroup(idPrefix: string) {
  return function ListboxGroup(params: AutocompleteRenderGroupParams) {
    const id = `${idPrefix}-g${params.key}`;
    return (
      <li key={params.key} role="presentation">
        <div role="group" aria-labelledby={id}>
          <Box id={id} role="presentation" sx={{ px: 1.5, py: 0.5, fontSize: 12, fontWeight: 600, color: 'text.secondary', bgcolor: 'grey.100', position: 'sticky', top: -8, zIndex: 1 }}>
            {params.group}
          </Box>
          <Box component="ul" role="presentation" sx={{ p: 0, m: 0 }}>{params.children}</Box>
        </div>
      </li>
    );
  };
}
