// 各课按轮次画的曲线（overlay-chart.js）。
export default { epoch: '轮次', training: '训练', validation: '验证' };
