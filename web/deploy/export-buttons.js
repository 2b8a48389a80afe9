// The page's "Download ONNX" and "Download TF.js" buttons next to the .nnp one: ask the worker for the
// files, then save each one.
import { bytes, el, list } from '../ui/format.js';
import { t } from '../shared/i18n.js';

// Saves bytes as a download named `name` (the .nnp button uses it too).
export function saveFile(name, data) {
  const url = URL.createObjectURL(new Blob([data], { type: 'application/octet-stream' }));
  const a = el('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

// buttons: {onnx, tfjs} elements; info: where to say what was saved; name(): the model's name.
export function exportButtons(worker, { buttons, info, name, clearError }) {
  for (const [format, button] of Object.entries(buttons)) {
    button.addEventListener('click', () => {
      clearError();
      worker.send('exportFormat', { format, name: name() });
    });
  }
  worker.on('exportedFormat', ({ format, files }) => {
    for (const f of files) saveFile(f.name, f.bytes);
    const total = files.reduce((n, f) => n + f.bytes.byteLength, 0);
    info.textContent = t('files.savedFormat', { names: list(files.map((f) => f.name)),
      format: format === 'onnx' ? 'ONNX, opset 13' : 'TensorFlow.js Layers', size: bytes(total) });
  });
}
