/** The seeded PRNG the simulated latency and random throttling draw from: a seed repeats a run. */
export type Rng = () => number;
export { seededRng } from "@/lib/random";
