// The lessons' plotting helpers live in ../shared/plot.js (the playground draws with them too).
export * from '../shared/plot.js';
