/**
 * Seeded pseudo-random numbers: sfc32, state in a Uint32Array so it is part of the
 * state hash and survives snapshots. One stream per subsystem (see `Streams`), each
 * derived from the scenario seed and the stream's name, so a change in one
 * subsystem never reshuffles another's draws. Logarithms come from ./detmath, so a
 * draw is the same number in Node and in every browser.
 */
import { log } from './detmath';

export class Rng {
  readonly s: Uint32Array;
  constructor(seed: number, salt = 0) {
    this.s = new Uint32Array(4);
    let x = (seed >>> 0) ^ Math.imul(salt >>> 0, 0x9e3779b9);
    for (let i = 0; i < 4; i++) {
      x = splitmix32(x + i * 0x6d2b79f5);
      this.s[i] = x;
    }
    for (let i = 0; i < 12; i++) this.nextU32();
  }
  /** Uniform 32-bit unsigned integer. */
  nextU32(): number {
    const s = this.s;
    const a = s[0],
      b = s[1],
      c = s[2],
      d = s[3];
    const t = (((a + b) | 0) + d) | 0;
    s[3] = (d + 1) | 0;
    s[0] = b ^ (b >>> 9);
    s[1] = (c + (c << 3)) | 0;
    const r = (c << 21) | (c >>> 11);
    s[2] = (r + t) | 0;
    return t >>> 0;
  }
  /** Uniform in [0, 1). */
  next(): number {
    return this.nextU32() / 4294967296;
  }
  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  /** Exponential with the given mean. */
  exp(mean: number): number {
    return -log(1 - this.next()) * mean;
  }
  /**
   * Standard normal: Marsaglia's polar method (no sine or cosine — only log and the
   * exactly rounded Math.sqrt), one value per call; a pair is accepted with
   * probability π/4, so ~2.5 uniform draws per value on average.
   */
  normal(): number {
    for (;;) {
      const u = 2 * this.next() - 1;
      const v = 2 * this.next() - 1;
      const s = u * u + v * v;
      if (s < 1 && s > 0) return u * Math.sqrt((-2 * log(s)) / s);
    }
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

export function splitmix32(x: number): number {
  x = (x + 0x9e3779b9) | 0;
  let z = x;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * The fraction of i × (√5 − 1)/2 in [0, 1), in 32-bit integer arithmetic (exact in every
 * JavaScript engine): consecutive i spread evenly over [0, 1) (a Weyl sequence). Phases of
 * things that must not run in lockstep: a client's writes, a server's flush thread.
 */
export function weyl(i: number): number {
  return (Math.imul(i, 0x9e3779b9) >>> 0) / 2 ** 32;
}

/** FNV-1a of a string, for naming streams. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Named, independent streams derived from one seed. Iterated by sorted name for hashing. */
export class Streams {
  private readonly map = new Map<string, Rng>();
  constructor(readonly seed: number) {}
  get(name: string): Rng {
    let r = this.map.get(name);
    if (!r) {
      r = new Rng(this.seed, hashString(name));
      this.map.set(name, r);
    }
    return r;
  }
  names(): string[] {
    return [...this.map.keys()].sort();
  }
}
