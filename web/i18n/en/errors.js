// One generic sentence per kind of core error (core/include/nnplay/error.hpp's kErrorCodes), nested as
// errors.<group>.<name>: the core's English message beside it holds the specifics (file, line, field, numbers).
export default {
  csv: {
    empty: 'The table is empty: it needs a header row and at least one data row.',
    ragged_row: 'A row has more or fewer fields than the header; fields that contain the delimiter must be quoted.',
    bad_quotes: 'A quoted field is not closed, or has text after its closing quote.',
    not_text: 'The file is not UTF-8 text (it may be binary, or exported in another encoding); save it as UTF-8 CSV.',
    duplicate_column: 'The header names the same column twice; give each column its own name.',
    unknown_column: 'The table has no column of that name.',
    target_empty: 'Every value of the target column is missing; choose another target.',
    not_numeric: 'A column holds text where numbers are needed.',
    too_large: 'The table is too large to be read into memory.',
    no_features: 'Besides the target, no column is left to learn from.',
  },
  data: {
    not_classes: 'The targets are not class labels, which a classification loss needs; for regression use mean squared error.',
    no_rows_left: 'No rows are left once the rows with missing values are dropped.',
    too_few_rows: 'There are too few rows for the training, validation and test sets.',
    input_mismatch: 'The model\'s input size does not match the data.',
    unsuitable: 'This option does not apply to this kind of data.',
  },
  idx: {
    gzipped: 'The IDX file is still gzip-compressed; decompress it first.',
    bad_magic: 'This is not an IDX file.',
    bad_header: 'The IDX file\'s header is damaged.',
    truncated: 'The IDX file is cut short.',
    size_mismatch: 'The IDX file\'s size does not match the dimensions in its header.',
    not_finite: 'The IDX file holds a value that is not a finite number.',
    labels_mismatch: 'The images file and the labels file do not go together.',
  },
  image: {
    no_images: 'No usable image was found; give one folder per class holding PNG or JPEG files.',
    one_class: 'There is only one class; a classifier needs at least two class folders.',
    too_large: 'The images need more memory than is available; use fewer or smaller images.',
  },
  zip: {
    broken: 'The zip file is damaged or is not a zip file.',
    too_large: 'The zip file holds more than can be unpacked into memory.',
    unsafe_path: 'An entry of the zip points outside its folder, so the zip is refused.',
  },
  spec: {
    not_json: 'The settings are not valid JSON.',
    unknown_key: 'A setting has a name that does not exist (check its spelling).',
    missing_field: 'A required setting is missing.',
    wrong_type: 'A setting has a value of the wrong type.',
    out_of_range: 'A setting is outside its allowed range.',
    unknown_choice: 'A setting names something that does not exist (a layer type, activation function, optimizer or loss).',
    conflict: 'Some settings do not go together.',
  },
  model: {
    bad_shape: 'A layer cannot take the shape of its input.',
    too_large: 'The model needs more memory than is available; use fewer or smaller layers.',
    output_mismatch: 'The last layer does not fit the loss or the number of classes.',
    quantized: 'This model is quantized (int8): it can predict but not train. Train the float model and quantize it again.',
  },
  model_file: {
    not_nnplay: 'This is not an nnplay model file.',
    version: 'This model file was saved by a newer version of nnplay.',
    truncated: 'The model file is cut short.',
    corrupt: 'The model file is damaged or was changed after it was saved.',
    does_not_fit: 'The model in this file does not fit this data.',
  },
  train: {
    diverged: 'Training diverged: the loss is no longer a finite number. Try a lower learning rate.',
  },
  import: {
    unsupported: 'The model uses an operator, layer or option that nnplay does not have.',
    malformed: 'The model file is not what its format says it is.',
  },
  export: {
    unsupported: 'This format cannot express the model.',
  },
  memory: {
    out: 'The browser tab ran out of memory.',
  },
};
