// What one frame costs (update + render + send), summed up once a second for
// the page's corner: frames sent, and the median, min and max frame time.

export interface PerfReport {
  /** Frames sent in the period. */
  frames: number;
  /** Frame cost in milliseconds. */
  medianMs: number;
  minMs: number;
  maxMs: number;
  /** Frames not sent because a page was still receiving earlier ones. */
  dropped: number;
}

export class FramePerf {
  #samples: number[] = [];
  #dropped = 0;

  add(ms: number): void {
    this.#samples.push(ms);
  }

  drop(): void {
    this.#dropped++;
  }

  /** The report for the samples since the last one (undefined if there were none); starts a new period. */
  report(): PerfReport | undefined {
    const samples = this.#samples.sort((a, b) => a - b);
    const dropped = this.#dropped;
    this.#samples = [];
    this.#dropped = 0;
    if (samples.length === 0) return undefined;
    const middle = samples.length >> 1;
    const medianMs = samples.length % 2 ? samples[middle]! : (samples[middle - 1]! + samples[middle]!) / 2;
    return { frames: samples.length, medianMs, minMs: samples[0]!, maxMs: samples.at(-1)!, dropped };
  }
}
