// Drag-and-drop of files and folders onto parts of the page: they go where the pickers' would.
// While files are dragged over a zone it has the class `dropping`.
import { dropEntries } from './folder-files.js';

export function dropZone(zones, onFiles) {
  for (const zone of zones) {
    let depth = 0; // dragenter/dragleave also fire for the zone's children
    const carriesFiles = (e) => [...(e.dataTransfer?.types ?? [])].includes('Files');
    zone.addEventListener('dragenter', (e) => {
      if (!carriesFiles(e)) return;
      e.preventDefault();
      depth++;
      zone.classList.add('dropping');
    });
    zone.addEventListener('dragover', (e) => {
      if (!carriesFiles(e)) return;
      e.preventDefault(); // allows the drop
      e.dataTransfer.dropEffect = 'copy';
    });
    zone.addEventListener('dragleave', () => {
      if (--depth <= 0) (depth = 0), zone.classList.remove('dropping');
    });
    zone.addEventListener('drop', (e) => {
      e.preventDefault(); // the browser would otherwise open the file
      depth = 0;
      zone.classList.remove('dropping');
      // Entries (which tell a folder from a file) only exist while the event runs: taken now.
      const entries = dropEntries(e.dataTransfer);
      const files = [...(e.dataTransfer?.files ?? [])];
      if (files.length || entries.length) onFiles(files, entries);
    });
  }
}
