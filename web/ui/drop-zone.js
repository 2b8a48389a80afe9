// Drag-and-drop of files onto parts of the page: the files go where the file picker's would.
// While files are dragged over a zone it has the class `dropping`.

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
      if (e.dataTransfer?.files?.length) onFiles(e.dataTransfer.files);
    });
  }
}
