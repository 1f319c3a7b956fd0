export type RssFigures = { peakBytes: number; heapPeakBytes: number; samples: number };

/** Samples the process's resident set size (and V8 heap in use) on an interval and keeps the peaks. */
export class RssSampler {
  private peak = process.memoryUsage().rss;
  private heapPeak = process.memoryUsage().heapUsed;
  private samples = 0;
  private timer: NodeJS.Timeout | undefined;

  start(intervalMs = 100): this {
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
    return this;
  }

  private sample(): void {
    const m = process.memoryUsage();
    this.samples += 1;
    this.peak = Math.max(this.peak, m.rss);
    this.heapPeak = Math.max(this.heapPeak, m.heapUsed);
  }

  stop(): RssFigures {
    clearInterval(this.timer);
    this.sample();
    return { peakBytes: this.peak, heapPeakBytes: this.heapPeak, samples: this.samples };
  }
}
