import { monitorEventLoopDelay, PerformanceObserver, performance } from "node:perf_hooks";

/**
 * How busy the (single) event loop was over the run, and how much of it was garbage collection.
 * Everything, the engine and the simulator alike, shares the loop, so a saturated loop stretches the
 * simulated latencies and slows the run for reasons that are CPU, not AWS.
 */
export type LoopFigures = {
  utilization: number;
  delayP50Ms: number;
  delayP99Ms: number;
  delayMaxMs: number;
  gcCount: number;
  gcSeconds: number;
  gcMaxMs: number;
};

export function watchEventLoop(): { stop: () => LoopFigures } {
  const start = performance.eventLoopUtilization();
  const resolutionMs = 10;
  const delay = monitorEventLoopDelay({ resolution: resolutionMs });
  delay.enable();
  const gc = { count: 0, totalMs: 0, maxMs: 0 };
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      gc.count += 1;
      gc.totalMs += entry.duration;
      gc.maxMs = Math.max(gc.maxMs, entry.duration);
    }
  });
  observer.observe({ entryTypes: ["gc"] });
  return {
    stop: () => {
      delay.disable();
      observer.disconnect();
      // The histogram records whole timer intervals; what exceeds the sampling interval is the delay.
      const ms = (ns: number) => Math.max(0, ns / 1e6 - resolutionMs);
      return {
        utilization: performance.eventLoopUtilization(start).utilization,
        delayP50Ms: ms(delay.percentile(50)),
        delayP99Ms: ms(delay.percentile(99)),
        delayMaxMs: ms(delay.max),
        gcCount: gc.count,
        gcSeconds: gc.totalMs / 1000,
        gcMaxMs: gc.maxMs,
      };
    },
  };
}
