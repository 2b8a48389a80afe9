// 核心错误的中文说明，每种一句（与 en/errors.js 的键相同）；具体细节见旁边的英文原文。
export default {
  csv: {
    empty: '表格为空：需要一个表头行和至少一行数据。',
    ragged_row: '某一行的字段数与表头不一致；含有分隔符的字段必须加引号。',
    bad_quotes: '某个带引号的字段没有闭合，或在闭合引号之后还有文本。',
    not_text: '该文件不是 UTF-8 文本（可能是二进制文件，或以其他编码导出）；请另存为 UTF-8 编码的 CSV。',
    duplicate_column: '表头中有两列同名；请给每一列起不同的名字。',
    unknown_column: '表格中没有这个名字的列。',
    target_empty: '目标列的所有值都是缺失值；请选择另一个目标列。',
    not_numeric: '某一列在需要数字的地方含有文本。',
    too_large: '表格太大，无法读入内存。',
    no_features: '除目标列之外，没有可供学习的列。',
  },
  data: {
    not_classes: '目标值不是类别标签，而分类损失需要类别；回归请使用均方误差。',
    no_rows_left: '删除含缺失值的行之后，没有剩下任何行。',
    too_few_rows: '行数太少，不够划分训练集、验证集和测试集。',
    input_mismatch: '模型的输入大小与数据不符。',
    unsuitable: '此选项不适用于这类数据。',
  },
  idx: {
    gzipped: '该 IDX 文件仍是 gzip 压缩格式；请先解压。',
    bad_magic: '这不是 IDX 文件。',
    bad_header: 'IDX 文件的文件头已损坏。',
    truncated: 'IDX 文件不完整（被截断）。',
    size_mismatch: 'IDX 文件的大小与文件头中的维度不符。',
    not_finite: 'IDX 文件中有一个值不是有限数。',
    labels_mismatch: '图像文件与标签文件不匹配。',
  },
  image: {
    no_images: '没有找到可用的图像；请为每个类别提供一个存放 PNG 或 JPEG 文件的文件夹。',
    one_class: '只有一个类别；分类器至少需要两个类别文件夹。',
    too_large: '这些图像所需的内存超出可用内存；请使用更少或更小的图像。',
  },
  zip: {
    broken: '该 zip 文件已损坏，或不是 zip 文件。',
    too_large: '该 zip 文件的内容太大，无法解压到内存中。',
    unsafe_path: 'zip 中有条目指向其文件夹之外，因此拒绝读取该 zip。',
  },
  spec: {
    not_json: '设置不是有效的 JSON。',
    unknown_key: '某个设置项的名称不存在（请检查拼写）。',
    missing_field: '缺少必需的设置项。',
    wrong_type: '某个设置项的值类型不对。',
    out_of_range: '某个设置项超出了允许的范围。',
    unknown_choice: '某个设置项指定了不存在的名称（层类型、激活函数、优化器或损失）。',
    conflict: '有些设置项不能同时使用。',
  },
  model: {
    bad_shape: '某一层无法接受其输入的形状。',
    too_large: '模型所需的内存超出可用内存；请减少层数或缩小层的规模。',
    output_mismatch: '最后一层与损失或类别数不符。',
    quantized: '该模型已量化（int8）：只能预测，不能训练。请训练浮点模型后重新量化。',
  },
  model_file: {
    not_nnplay: '这不是 nnplay 模型文件。',
    version: '该模型文件由更新版本的 nnplay 保存。',
    truncated: '模型文件不完整（被截断）。',
    corrupt: '模型文件已损坏，或在保存后被修改过。',
    does_not_fit: '该文件中的模型与这些数据不符。',
  },
  train: {
    diverged: '训练发散：损失不再是有限数。请尝试更低的学习率。',
  },
  import: {
    unsupported: '该模型使用了 nnplay 不支持的算子、层或选项。',
    malformed: '该模型文件与其声明的格式不符。',
  },
  export: {
    unsupported: '该格式无法表示这个模型。',
  },
  memory: {
    out: '浏览器标签页的内存不足。',
  },
};
