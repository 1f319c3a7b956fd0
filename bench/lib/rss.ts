/** Samples the process's resident set size on an interval and keeps the peak. */
export class RssSampler {
  private peak = process.memoryUsage().rss;
  private samples = 0;
  private timer: NodeJS.Timeout | undefined;

  start(intervalMs = 100): this {
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
    return this;
  }

  private sample(): void {
    this.samples += 1;
    this.peak = Math.max(this.peak, process.memoryUsage().rss);
  }

  stop(): { peakBytes: number; samples: number } {
    clearInterval(this.timer);
    this.sample();
    return { peakBytes: this.peak, samples: this.samples };
  }
}
