// The lessons' curves against the epoch (overlay-chart.js).
export default { epoch: 'epoch', training: 'training', validation: 'validation' };
