// Keeps the model of the last finished epoch (the worker posts it as `checkpoint`), so a worker that
// dies takes nothing trained with it: the page restarts a worker, loads the same data and imports this.

export class Recovery {
  constructor() {
    this.clear();
  }

  clear() {
    this.saved = null; // { label, bytes: Uint8Array }
  }

  // After epoch `epoch` (0-based) of the live session.
  keepEpoch(epoch, bytes) {
    this.saved = { label: `the model after epoch ${epoch + 1}`, bytes };
  }

  // A model file the user imported: that is what a restart brings back until the next epoch ends.
  keepImported(name, bytes) {
    this.saved = { label: `the imported model ${name}`, bytes };
  }

  // What the page says when the worker died.
  message(reason) {
    const what = this.saved ? `Press Restart to continue with ${this.saved.label}.` :
      'Press Restart to start again (no epoch had finished, so the model starts from fresh weights).';
    return `The training worker stopped: ${reason}. ${what}`;
  }

  // A copy of the saved bytes for an `import` command (transferred, so the original stays here).
  take() {
    if (!this.saved) return null;
    const bytes = this.saved.bytes.slice();
    return { name: this.saved.label, bytes: bytes.buffer };
  }
}
