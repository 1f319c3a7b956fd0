/**
 * The engine logs one JSON line per unit on stdout (lib/log.ts, level info): 3,600 lines at full
 * size, which would bury the report. Unless --verbose, those info/debug lines are counted and
 * dropped here; the engine's warnings and errors go to stderr and are left alone.
 */
export function quietEngineLogs(): { suppressed: () => number; restore: () => void } {
  const original = process.stdout.write;
  let suppressed = 0;
  const filtered = function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]): boolean {
    if (typeof chunk === "string" && (chunk.startsWith('{"level":"info"') || chunk.startsWith('{"level":"debug"'))) {
      suppressed += 1;
      const callback = rest.find((x): x is () => void => typeof x === "function");
      callback?.();
      return true;
    }
    return (original as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
  };
  process.stdout.write = filtered as typeof process.stdout.write;
  return {
    suppressed: () => suppressed,
    restore: () => {
      process.stdout.write = original;
    },
  };
}
