// 3×3 filter on a 12-megapixel (4000×3000) RGBA photo: a phone camera's full resolution.
import { rgba3x3Setup } from '../rgba3x3.js';

export const title = '3×3 filter, 4000×3000 (12 MP) RGBA photo, nearest border';
export const setup = rgba3x3Setup(4000, 3000, { targetMs: 45 });
