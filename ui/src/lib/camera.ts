// Camera scanning: frames from a <video> (or, in tests, recorded frames)
// are scaled down and sent to Rust until one holds a QR code. Turning them
// into luma, decoding and verifying happen in Rust; this only moves pixels.

import type { VerifyOutcome } from './bindings';
import type { FrameData, Ipc } from './ipc';

/** Longest side of a frame sent to Rust, in pixels. */
export const MAX_FRAME_SIDE = 640;

/** Size that fits `width`×`height` into `max` on its longest side. */
export function fitSize(width: number, height: number, max = MAX_FRAME_SIDE): { width: number; height: number } {
  const scale = Math.min(1, max / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** Something that yields RGBA frames: the camera, or recorded frames in tests. */
export interface FrameSource {
  /** The next frame, or null when none is ready (or the source ended). */
  next(): { width: number; height: number; data: Uint8ClampedArray } | null;
}

/** A FrameSource reading a playing <video> through a canvas, scaled down. */
export function videoFrameSource(video: HTMLVideoElement, canvas: HTMLCanvasElement): FrameSource {
  return {
    next() {
      if (video.readyState < 2 || video.videoWidth === 0) return null;
      const { width, height } = fitSize(video.videoWidth, video.videoHeight);
      canvas.width = width;
      canvas.height = height;
      const ctx = canvas.getContext('2d', { willReadFrequently: true });
      if (!ctx) return null;
      ctx.drawImage(video, 0, 0, width, height);
      const img = ctx.getImageData(0, 0, width, height);
      return { width, height, data: img.data };
    },
  };
}

/**
 * Converts a source frame into what Rust takes: the RGBA pixels as they are
 * (a view, no copy). Rust turns them into luma; a per-pixel loop here would
 * run in JavaScript's interpreter (the app turns the JIT off to save memory)
 * and took 30 ms of a 35 ms frame.
 */
export function toFrameData(frame: { width: number; height: number; data: Uint8ClampedArray }): FrameData {
  const data = new Uint8Array(frame.data.buffer, frame.data.byteOffset, frame.data.byteLength);
  return { width: frame.width, height: frame.height, format: 'rgba', data };
}

/** Aimed-for time between camera frames: 15 frames per second at most. */
export const FRAME_INTERVAL_MS = 66;

/**
 * How long to wait before the next frame when the last one started at
 * `startedAt` (ms) and it is now `now`: what is left of the frame interval.
 * A slow frame (decoding took longer than the interval) is followed at once.
 */
export function frameDelay(startedAt: number, now: number, interval = FRAME_INTERVAL_MS): number {
  return Math.max(0, Math.min(interval, interval - (now - startedAt)));
}

/** The default pacing: the rest of the frame interval, measured from the frame's start. */
function paced(): () => Promise<void> {
  let startedAt = performance.now();
  return () =>
    new Promise((resolve) =>
      setTimeout(() => {
        startedAt = performance.now();
        resolve();
      }, frameDelay(startedAt, performance.now())),
    );
}

/**
 * Sends frames one at a time (never more than one in flight) until Rust
 * finds a QR code, `maxFrames` frames were sent, or `stop()` is called.
 * Frames are paced to at most 15 per second (a frame with no code takes
 * ~15 ms in Rust, so about 15 frames per second are decoded).
 */
export class FrameScanner {
  private stopped = false;
  constructor(
    private readonly ipc: Ipc,
    private readonly source: FrameSource,
    private readonly wait: () => Promise<void> = paced(),
  ) {}

  stop(): void {
    this.stopped = true;
  }

  /** Resolves to the outcome of the first frame with a QR code, or null. */
  async run(checkDate: string | null, maxFrames = Infinity): Promise<VerifyOutcome | null> {
    let sent = 0;
    while (!this.stopped && sent < maxFrames) {
      const frame = this.source.next();
      if (frame) {
        sent += 1;
        const outcome = await this.ipc.verifyFrame(toFrameData(frame), checkDate);
        if (outcome) return outcome;
      }
      await this.wait();
    }
    return null;
  }
}

/** Why the camera could not start, as a message key (the UI says it in words). */
export type CameraProblem = 'camera.none' | 'camera.denied' | 'camera.busy' | 'camera.unsupported' | 'camera.other';

/** Sorts a getUserMedia failure (a DOMException name) into what to tell the user. */
export function cameraProblem(e: unknown): CameraProblem {
  const name = typeof e === 'object' && e !== null && 'name' in e ? String((e as { name: unknown }).name) : '';
  switch (name) {
    case 'NotFoundError':
    case 'DevicesNotFoundError':
    case 'OverconstrainedError':
      return 'camera.none';
    case 'NotAllowedError':
    case 'PermissionDeniedError':
    case 'SecurityError':
      return 'camera.denied';
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      return 'camera.busy';
    case 'TypeError':
    case 'NotSupportedError':
      return 'camera.unsupported';
    default:
      return 'camera.other';
  }
}
