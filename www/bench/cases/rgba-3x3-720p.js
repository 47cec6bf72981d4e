// 3×3 filter on a 1280×720 RGBA photo kept in wasm memory (the custom-kernel station's keystroke).
import { rgba3x3Setup } from '../rgba3x3.js';

export const title = '3×3 filter, 1280×720 RGBA photo, nearest border';
export const setup = rgba3x3Setup(1280, 720, { targetMs: 1.5, peerSpeedup: 7 });
