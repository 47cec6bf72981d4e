// The camera as an image source for the image picker: live frames from
// navigator.mediaDevices.getUserMedia become the shared current image at the camera's frame
// rate, so a station that filters the current image filters the video live (and shows its own
// filter time). "Freeze" keeps the last frame as a still photo; "Stop camera" releases it.
// Frames are drawn into a canvas in this tab and never sent anywhere.
//
// Every way it can fail gets a sentence next to the control: no camera API (an insecure page),
// permission denied, no camera, camera busy. The picker element carries data-camera =
// "off" | "starting" | "live" | "frozen" | "error" and data-frames (frames delivered), which
// tests wait on.
import { h } from './dom.js';

/** Frames wider than this are scaled down: enough for a 3×3 kernel to read well, fast to filter. */
export const CAMERA_MAX_WIDTH = 640; // px

/** The student-facing sentence for a getUserMedia failure. */
export function cameraErrorMessage(err) {
  const name = err && err.name;
  if (name === 'NotAllowedError' || name === 'SecurityError' || name === 'PermissionDeniedError') {
    return 'The camera permission was denied. Allow the camera for this page (the camera icon in the address bar), then press "Use camera" again.';
  }
  if (name === 'NotFoundError' || name === 'OverconstrainedError' || name === 'DevicesNotFoundError') {
    return 'No camera was found on this device. Plug one in, or use a sample or your own photo.';
  }
  if (name === 'NotReadableError' || name === 'TrackStartError' || name === 'AbortError') {
    return 'The camera is busy (another program or tab is using it). Close that, then press "Use camera" again.';
  }
  return `The camera could not be started (${(err && err.message) || 'unknown error'}).`;
}

/**
 * A camera feed with its buttons and status: `createCameraFeed({ ctx, msg, onFrame })` →
 * `{ el }`. onFrame({ rgba, width, height }) gets each new frame (at most CAMERA_MAX_WIDTH
 * wide); msg is the message line next to the control (error / clear); ctx the scaffold's.
 */
export function createCameraFeed({ ctx, msg, onFrame }) {
  const video = h('video', { muted: true, playsinline: true, class: 'visually-hidden', 'aria-hidden': 'true' });
  const canvas = document.createElement('canvas');
  const status = h('span', { class: 'camera-status', role: 'status' });
  const startBtn = h('button', { type: 'button', class: 'camera-start', title: 'Filter the camera live; frames stay in this browser' }, 'Use camera');
  const freezeBtn = h('button', { type: 'button', class: 'camera-freeze', hidden: true, 'aria-pressed': 'false' }, 'Freeze');
  const stopBtn = h('button', { type: 'button', class: 'camera-stop', hidden: true }, 'Stop camera');
  const el = h('div', { class: 'row camera', 'data-camera': 'off', 'data-frames': '0' }, startBtn, freezeBtn, stopBtn, status, video);
  let stream = null, frozen = false, frames = 0, callback = 0, fpsStart = 0, fpsFrames = 0, fps = 0;

  const setState = (state) => { el.dataset.camera = state; };

  function cancelLoop() {
    if (callback && video.cancelVideoFrameCallback) video.cancelVideoFrameCallback(callback);
    else if (callback) cancelAnimationFrame(callback);
    callback = 0;
  }

  function schedule() {
    callback = video.requestVideoFrameCallback ? video.requestVideoFrameCallback(grab) : requestAnimationFrame(grab);
  }

  /** Copies the newest video frame into the shared image store. */
  function grab() {
    callback = 0;
    if (!stream || frozen) return;
    const vw = video.videoWidth, vh = video.videoHeight;
    if (vw && vh) {
      const s = Math.min(1, CAMERA_MAX_WIDTH / vw);
      const width = Math.max(1, Math.round(vw * s)), height = Math.max(1, Math.round(vh * s));
      if (canvas.width !== width || canvas.height !== height) { canvas.width = width; canvas.height = height; }
      const g = canvas.getContext('2d', { willReadFrequently: true });
      g.drawImage(video, 0, 0, width, height);
      const rgba = g.getImageData(0, 0, width, height).data;
      onFrame({ width, height, rgba });
      frames++;
      el.dataset.frames = String(frames);
      const now = performance.now();
      if (!fpsStart) fpsStart = now;
      fpsFrames++;
      if (now - fpsStart >= 1000) { fps = (fpsFrames * 1000) / (now - fpsStart); fpsStart = now; fpsFrames = 0; }
      status.textContent = `Live camera, ${width}×${height} px${fps ? `, ${fps.toFixed(0)} frames/s` : ''}.`;
    }
    schedule();
  }

  function stop() {
    cancelLoop();
    if (stream) for (const t of stream.getTracks()) t.stop();
    stream = null;
    video.srcObject = null;
    frozen = false;
    startBtn.hidden = false; freezeBtn.hidden = true; stopBtn.hidden = true;
  }

  async function start() {
    msg.clear();
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      setState('error');
      msg.error('This browser offers no camera to this page (a camera needs a secure https:// or localhost address). Use a sample or your own photo.');
      return;
    }
    setState('starting');
    startBtn.disabled = true;
    status.textContent = 'Asking for the camera…';
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { width: { ideal: 640 }, height: { ideal: 480 } }, audio: false });
      if (!el.isConnected) { stop(); return; }
      video.srcObject = stream;
      await video.play();
      frozen = false; frames = 0; fps = 0; fpsStart = 0; fpsFrames = 0;
      startBtn.hidden = true; freezeBtn.hidden = false; stopBtn.hidden = false;
      freezeBtn.textContent = 'Freeze'; freezeBtn.setAttribute('aria-pressed', 'false');
      setState('live');
      schedule();
    } catch (e) {
      stop();
      setState('error');
      status.textContent = '';
      msg.error(`${cameraErrorMessage(e)} The current image is kept.`);
    } finally {
      startBtn.disabled = false;
    }
  }

  function toggleFreeze() {
    frozen = !frozen;
    freezeBtn.textContent = frozen ? 'Live again' : 'Freeze';
    freezeBtn.setAttribute('aria-pressed', String(frozen));
    if (frozen) {
      cancelLoop();
      setState('frozen');
      status.textContent = `Frozen on the last camera frame (${canvas.width}×${canvas.height} px).`;
    } else {
      setState('live');
      schedule();
    }
  }

  ctx.listen(startBtn, 'click', start);
  ctx.listen(freezeBtn, 'click', toggleFreeze);
  ctx.listen(stopBtn, 'click', () => { stop(); setState('off'); status.textContent = 'Camera off; the last frame stays.'; });
  // Leaving the station releases the camera (its light goes off).
  ctx.onCleanup(stop);
  return { el };
}

/** The image-picker source: `(picker) → element` (see image-picker.js). */
export function cameraSource(p) {
  return createCameraFeed({
    ctx: p.ctx, msg: p.msg,
    onFrame: ({ width, height, rgba }) => p.images.setPixels({ name: 'Camera', width, height, rgba, live: true }),
  }).el;
}

/**
 * Ink from a camera frame of a digit written on paper (pure): the centre square, shrunk to
 * `side` × `side` by area averages, ink = how much darker than the paper each cell is (the
 * paper's level is the frame's 90th percentile of brightness), 0 below a quarter of full ink.
 * Returns a Float32Array of side² values in 0..1, row-major.
 */
export function cameraInk(rgba, width, height, side = 56) {
  const sq = Math.min(width, height), x0 = Math.floor((width - sq) / 2), y0 = Math.floor((height - sq) / 2);
  const lum = new Float32Array(side * side), count = new Float32Array(side * side);
  for (let y = 0; y < sq; y++) {
    const cy = Math.min(side - 1, Math.floor((y * side) / sq));
    for (let x = 0; x < sq; x++) {
      const i = 4 * ((y0 + y) * width + x0 + x), c = cy * side + Math.min(side - 1, Math.floor((x * side) / sq));
      lum[c] += 0.299 * rgba[i] + 0.587 * rgba[i + 1] + 0.114 * rgba[i + 2];
      count[c]++;
    }
  }
  for (let c = 0; c < lum.length; c++) lum[c] /= count[c] || 1;
  const paper = Float32Array.from(lum).sort()[Math.floor(0.9 * (lum.length - 1))];
  const ink = new Float32Array(lum.length);
  for (let c = 0; c < lum.length; c++) {
    const v = paper > 0 ? (paper - lum[c]) / (0.6 * paper) : 0;
    ink[c] = v < 0.25 ? 0 : Math.min(1, v);
  }
  return ink;
}
