// The example's glue, for its English and Chinese pages: when the trainer's run finishes, its model goes to the
// predictor as a blob: URL (nothing leaves the page).
const trainer = document.getElementById('trainer'), reader = document.getElementById('reader');
trainer.addEventListener('trainend', async () => {
  const old = reader.getAttribute('model');
  reader.setAttribute('model', URL.createObjectURL(new Blob([await trainer.exportModel()])));
  if (old) URL.revokeObjectURL(old);
  reader.hidden = false;
});
