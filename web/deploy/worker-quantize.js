// The worker's int8 command: the core quantizes the session's model in place; the worker only forwards the
// core's JSON.

// {quantize({id})}: posts 'quantized'.
export function quantizeHandlers(session, post) {
  return {
    quantize({ id }) {
      post('quantized', { id, result: JSON.parse(session().quantize()) });
    },
  };
}
