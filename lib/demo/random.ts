import { seededRng } from "@/lib/random";

// Deterministic pseudo-randomness for the demo organization: every id and every bit of noise is
// derived from a string seed, so the same (account, day) always yields the same inventory.

/** FNV-1a, 32 bits. */
export function hash32(seed: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    h ^= seed.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** mulberry32 seeded from a string. */
export function rng(seed: string): () => number {
  return seededRng(hash32(seed));
}

/** An integer in [min, max], seeded. */
export function seededInt(seed: string, min: number, max: number): number {
  return min + Math.floor(rng(seed)() * (max - min + 1));
}

/** `length` lowercase hex digits, seeded. */
export function hex(seed: string, length: number): string {
  const next = rng(seed);
  let out = "";
  for (let i = 0; i < length; i++) out += Math.floor(next() * 16).toString(16);
  return out;
}

/** A version-4-shaped UUID, seeded (KMS key ids, …). */
export function uuid(seed: string): string {
  const h = hex(seed, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** An EC2-style resource id: "sg-0" followed by 16 hex digits (17 in all, as AWS issues them). */
export function ec2Id(prefix: string, seed: string): string {
  return `${prefix}-0${hex(`${prefix}:${seed}`, 16)}`;
}
