// Legacy module name: the heat-map painter now lives in ./heatmap.js (one painter for the page).
import { drawLegend } from './heatmap.js';

export { paint, maxAbs, minMax, robustLimit } from './heatmap.js';

/** A grey colour bar with min and max ticks: drawLegend with the gray scale. */
export const drawGrayLegend = (canvas, min, max, label = '') => drawLegend(canvas, min, max, { scale: 'gray', label });
