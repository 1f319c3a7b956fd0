// A unit's deadline is one AbortSignal that its readers, queued sends and every request in flight
// wait on: hundreds at once. Node warns past 10 listeners on a signal, so they all share one.

type Listener = () => void;

const waiting = new WeakMap<AbortSignal, Set<Listener>>();

function listenersOf(signal: AbortSignal): Set<Listener> {
  let set = waiting.get(signal);
  if (!set) {
    const listeners = new Set<Listener>();
    signal.addEventListener(
      "abort",
      () => {
        const all = [...listeners];
        listeners.clear();
        for (const listener of all) listener();
      },
      { once: true },
    );
    waiting.set(signal, (set = listeners));
  }
  return set;
}

/** Calls `listener` once when `signal` aborts (not if it already has); returns what removes it. */
export function onAbort(signal: AbortSignal, listener: Listener): () => void {
  const set = listenersOf(signal);
  set.add(listener);
  return () => set.delete(listener);
}

/** What the SDK's HTTP handler waits on instead of the signal itself: the same abort, one listener. */
export type SharedAbortSignal = {
  readonly aborted: boolean;
  readonly reason: unknown;
  onabort: null;
  addEventListener: (type: "abort", listener: Listener) => void;
  removeEventListener: (type: "abort", listener: Listener) => void;
};

const shared = new WeakMap<AbortSignal, SharedAbortSignal>();

export function sharedAbortSignal(signal: AbortSignal): SharedAbortSignal {
  let s = shared.get(signal);
  if (!s) {
    s = {
      get aborted() {
        return signal.aborted;
      },
      get reason(): unknown {
        return signal.reason;
      },
      onabort: null,
      addEventListener: (_type, listener) => {
        if (!signal.aborted) listenersOf(signal).add(listener);
      },
      removeEventListener: (_type, listener) => {
        listenersOf(signal).delete(listener);
      },
    };
    shared.set(signal, s);
  }
  return s;
}
