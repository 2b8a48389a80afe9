// The worker's int8 commands: the core quantizes the session's model, keeping the float one to go back to;
// the worker only forwards the core's JSON.

// {quantize({id}), dequantize({id})}: post 'quantized' and 'dequantized'.
export function quantizeHandlers(session, post) {
  return {
    quantize({ id }) {
      post('quantized', { id, result: JSON.parse(session().quantize()) });
    },
    dequantize({ id }) {
      session().dequantize();
      post('dequantized', { id });
    },
  };
}
