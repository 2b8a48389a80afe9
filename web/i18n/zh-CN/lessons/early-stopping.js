// 第 8 课（early-stopping）的中文：content 是课文（英文原文在 presets/lessons/early-stopping.json 的 lesson 里）。
export default {
  patience: '耐心值（轮次）',
  maxEpochs: '最多轮次',
  evaluate: '🔒 在测试集上评估',
  evaluateOnce: '在测试集上评估（仅一次）',
  testUsed: '测试集已使用',
  lossPanel: '每轮的损失',
  stoppingPanel: '早停',
  testPanel: '测试集',
  trainSplit: '训练集',
  validationSplit: '验证集',
  testSplit: '测试集',
  split: '{{name}}：{{rows}}',
  trainJob: '用来更新权重',
  validationJob: '决定何时停止',
  testJob: '只在最后评估一次',
  caption: '蓝色：训练损失；橙色：验证损失；虚线：最佳轮次；灰色带：其后的耐心轮次。',
  crossEntropy: '交叉熵',
  bestMark: '最佳：第 {{epoch}} 轮',
  epochsTrained: '已训练轮次',
  stoppedEarly: '是否早停',
  yes: '是',
  no: '否',
  bestEpoch: '最佳轮次',
  lowestVal: '最低验证损失',
  finalVal: '最终权重的验证损失',
  finalAcc: '其验证准确率',
  testLoss: '测试损失',
  testAcc: '测试准确率',
  reportNote: '这就是要报告的数字。如果现在因为它而修改任何设置，测试集就变成了验证集。',
  content: {
    title: "训练集、验证集、测试集与早停",
    summary: "验证损失不再下降时停止训练，保留最好的权重，然后才看测试集，而且只看一次。",
    text: [
      "三种划分，三种用途。**训练集**（1,000 个数字）用来调整权重。**验证集**（另外 2,000 个数字）在每个轮次后评分并用来做决定：这里决定何时停止。**测试集**（来自 MNIST 单独测试文件的 2,000 个数字）用来给出最终的、诚实的数字，而且只看一次。每当通过查看某个数据集来做决定，这个数据集的分数就会变得偏乐观；用来做决定的测试集只不过是又一个验证集。",
      "早停监视验证损失（`monitor: \"val_loss\"`）。它记住损失最低的那个轮次；如果连续 `patience` 个轮次都没有出现新的最低值，训练就停止，并且在设置 `restore_best_weights` 时恢复最佳轮次的权重。训练 50 个轮次的网络会过拟合（第 5 课）；提前停止后，它保留的是验证损失开始回升之前的权重。",
      "测试按钮在训练结束之前一直锁定，而且只能用一次。"
    ],
    try: [
      "把耐心值设为 1：它在第一次波动时就停止，可能太早了。设为 10：它会越过最佳轮次再跑一段，然后回到最佳轮次。",
      "比较测试准确率和最佳轮次的验证准确率：应该报告的是测试集上的数字。"
    ],
    look: [
      "虚线标出最佳轮次；训练在其后 `patience` 个轮次停止。",
      "停止之后，恢复的权重的验证损失等于曲线上的最低值。"
    ]
  }
};
