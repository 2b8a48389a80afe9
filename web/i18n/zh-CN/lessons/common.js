// 各课共用的文字：设置项、表格列、运行组的按钮与状态。
export default {
  knob: {
    epochs: "轮次",
    lr: "学习率",
    speed: "速度",
    features: "特征",
    digits: "训练数字"
  },
  column: {
    status: "状态",
    valAcc: "验证准确率",
    seconds: "训练时间（秒）",
    params: "参数量",
    outcome: "结果",
    run: "运行",
    model: "模型"
  },
  run: {
    train: "训练",
    pause: "暂停",
    resume: "继续",
    reset: "重置",
    resetHint: "用同一个随机种子重新生成初始权重",
    stepsPerSecond_other: "每秒 {{count}} 步",
    fullSpeed: "全速",
    status: {
      loading: "加载中…",
      idle: "就绪",
      training: "训练中",
      paused: "已暂停",
      finished: "已完成",
      failed: "失败"
    }
  }
};
