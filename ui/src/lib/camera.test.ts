import { describe, expect, it } from 'vitest';
import { FrameScanner, FRAME_INTERVAL_MS, fitSize, frameDelay, toFrameData, type FrameSource } from './camera';
import { createMockIpc, recordedOutcome } from './ipc-mock';

function solidFrame(w: number, h: number, rgb: [number, number, number]) {
  const data = new Uint8ClampedArray(w * h * 4);
  for (let i = 0; i < w * h; i += 1) data.set([...rgb, 255], i * 4);
  return { width: w, height: h, data };
}

/** Plays back a fixed list of recorded frames, then nothing. */
function recorded(frames: ReturnType<typeof solidFrame>[]): FrameSource {
  let i = 0;
  return { next: () => frames[i++] ?? null };
}

describe('camera frames', () => {
  it('scales the longest side down to 640 and never up', () => {
    expect(fitSize(1920, 1080)).toEqual({ width: 640, height: 360 });
    expect(fitSize(480, 640)).toEqual({ width: 480, height: 640 });
    expect(fitSize(320, 240)).toEqual({ width: 320, height: 240 });
  });

  it('sends the RGBA pixels as they are, without a copy', () => {
    const frame = solidFrame(4, 3, [0, 255, 0]);
    const f = toFrameData(frame);
    expect(f).toMatchObject({ width: 4, height: 3, format: 'rgba' });
    expect(f.data).toHaveLength(48);
    expect(Array.from(f.data.subarray(0, 4))).toEqual([0, 255, 0, 255]);
    expect(f.data.buffer).toBe(frame.data.buffer);
  });

  it('stops at the first frame Rust finds a QR code in', async () => {
    const mock = createMockIpc({ frameHitAt: 3, outcome: recordedOutcome('warning', { source: 'camera' }) });
    const frames = Array.from({ length: 5 }, () => solidFrame(8, 8, [128, 128, 128]));
    const scanner = new FrameScanner(mock, recorded(frames), async () => undefined);
    const outcome = await scanner.run('2025-11-15', 10);
    expect(outcome?.source).toBe('camera');
    const sent = mock.calls.filter((c) => c.name === 'verifyFrame');
    expect(sent).toHaveLength(3);
    expect(sent[0].args[1]).toBe('2025-11-15');
  });

  it('gives up after maxFrames without a code', async () => {
    const mock = createMockIpc({ frameHitAt: 99 });
    const frames = Array.from({ length: 5 }, () => solidFrame(2, 2, [0, 0, 0]));
    const scanner = new FrameScanner(mock, recorded(frames), async () => undefined);
    expect(await scanner.run(null, 4)).toBeNull();
    expect(mock.calls.filter((c) => c.name === 'verifyFrame')).toHaveLength(4);
  });
});

describe('camera problems', () => {
  it('says why the camera did not start', async () => {
    const { cameraProblem } = await import('./camera');
    expect(cameraProblem(new DOMException('Requested device not found', 'NotFoundError'))).toBe('camera.none');
    expect(cameraProblem(new DOMException('no', 'OverconstrainedError'))).toBe('camera.none');
    expect(cameraProblem(new DOMException('denied', 'NotAllowedError'))).toBe('camera.denied');
    expect(cameraProblem(new DOMException('busy', 'NotReadableError'))).toBe('camera.busy');
    expect(cameraProblem(new DOMException('x', 'NotSupportedError'))).toBe('camera.unsupported');
    expect(cameraProblem(new Error('weird'))).toBe('camera.other');
    expect(cameraProblem('text')).toBe('camera.other');
  });
});

describe('frame pacing', () => {
  it('waits out the rest of the interval, so the camera runs at about 15 frames per second', () => {
    expect(FRAME_INTERVAL_MS).toBe(66);
    expect(frameDelay(1000, 1000)).toBe(66);
    expect(frameDelay(1000, 1015)).toBe(51);
    expect(frameDelay(1000, 1066)).toBe(0);
  });
  it('follows a slow frame at once, and never waits longer than one interval', () => {
    expect(frameDelay(1000, 1200)).toBe(0);
    expect(frameDelay(1000, 900)).toBe(66);
  });
});
