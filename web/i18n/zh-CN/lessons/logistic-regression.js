// 第 2 课（logistic-regression）的中文：content 是课文（英文原文在 presets/lessons/logistic-regression.json 的 lesson 里）。
export default {
  benignKey: '■ 良性（0）',
  malignantKey: '■ 恶性（1）',
  thresholdLine: '——黑线是阈值。',
  missed_other: '在 {{rows}} 个验证样本中，漏判 {{count}} 个恶性肿瘤，误报 {{flagged}} 个良性肿瘤。',
  all_other: "全部 {{count}} 个",
  threshold: "阈值",
  model: "逻辑回归",
  sliderLabel: "决策阈值",
  histogram: "每个类别的 sigmoid 输出（验证行）",
  decisions: "阈值下的判断（验证行）",
  boundary: "训练行上的决策边界",
  loss: "损失（二元交叉熵）",
  lossChart: "每个轮次的损失",
  crossEntropy: "交叉熵",
  waiting: "正在等待第一批预测…",
  corner: "真实 ↓ / 预测 →",
  benign: "良性",
  malignant: "恶性",
  precision: "精确率 TP/(TP+FP)",
  recall: "召回率 TP/(TP+FN)",
  accuracy: "准确率",
  shading: "底色：p（蓝色为良性 … 红色为恶性）。黑线：p = 阈值。圆点：训练行。",
  content: {
    title: "逻辑回归：概率、阈值与决策边界",
    summary: "乳腺癌活检数据：每个类别的 sigmoid 输出、调整阈值意味着怎样的取舍，以及两个特征平面上的决策边界。",
    text: [
      "逻辑回归在线性模型外面套一个 sigmoid：`p = σ(w·x + b) = 1 / (1 + e^-(w·x + b))`，把它理解为肿瘤是恶性的概率。它用二元交叉熵 `−[y ln p + (1−y) ln(1−p)]` 训练。这个损失永远不为负（0 < p < 1，所以 ln p < 0），而当一个很有把握的答案结果是错的时候，它会无限增大：对一个恶性样本（y = 1），预测 p = 0.79 时损失是 −ln 0.79 = 0.236；p = 0.01 时是 −ln 0.01 = 4.6。",
      "阈值把 p 变成一个判断。0.5 只是默认值：阈值越低，被判为恶性的肿瘤越多，于是 **召回率**（被找出的恶性肿瘤所占的比例，TP / (TP + FN)）上升，而 **精确率**（被判为恶性的肿瘤中真正恶性的比例，TP / (TP + FP)）往往下降。直方图显示验证集各行的 p，每个类别一种颜色；滑块移动阈值，混淆矩阵和这两个数字随之变化。",
      "用两个特征时，边界 `p = 阈值` 是它们平面上的一条直线（logit w·x + b 是线性的，换回原始单位也是，因为标准化是线性变换）；底色表示 p。阈值在验证集上选择：如果在测试集上选，测试分数就会过于乐观。"
    ],
    try: [
      "把阈值拖到 0.1，再拖到 0.9：数一数漏掉的恶性肿瘤（假阴性）和被误判的良性肿瘤（假阳性）。",
      "选一对特征，以每秒 5 步训练，观察边界最初的移动。",
      "比较 `radius_mean + texture_mean` 和 `radius_worst + concave_points_worst`：两类重叠得更多，没有哪条直线能把它们分得很好。"
    ],
    look: [
      "一开始两个直方图重叠在一起；随着权重增大，它们向 0 和 1 两端分开。",
      "移动阈值会让边界平行移动：它的方向由权重决定，阈值只负责平移。"
    ]
  }
};
