/**
 * A 64-bit (two 32-bit lanes) non-cryptographic hash over the engine's state:
 * typed arrays word by word, numbers as float64 bits. Same inputs → same digest
 * in Node and in every browser (all are little-endian in practice; we read bytes
 * through DataView-free Uint32 views of copies when an array is not 4-aligned).
 */
export class StateHasher {
  private h1 = 0x9747b28c;
  private h2 = 0x5bd1e995;
  private readonly f = new Float64Array(1);
  private readonly fu = new Uint32Array(this.f.buffer);

  u32(k: number): void {
    k = Math.imul(k | 0, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    this.h1 ^= k;
    this.h1 = (this.h1 << 13) | (this.h1 >>> 19);
    this.h1 = (Math.imul(this.h1, 5) + 0xe6546b64) | 0;
    this.h2 = (Math.imul(this.h2 ^ k, 0x85ebca6b) + 0x27d4eb2f) | 0;
  }

  f64(x: number): void {
    this.f[0] = x;
    this.u32(this.fu[0]);
    this.u32(this.fu[1]);
  }

  str(s: string): void {
    this.u32(s.length);
    for (let i = 0; i < s.length; i++) this.u32(s.charCodeAt(i));
  }

  array(a: ArrayBufferView): void {
    const bytes = a.byteLength;
    this.u32(bytes);
    const words = bytes >>> 2;
    if ((a.byteOffset & 3) === 0) {
      const w = new Uint32Array(a.buffer, a.byteOffset, words);
      for (let i = 0; i < words; i++) this.u32(w[i]);
    } else {
      const copy = new Uint8Array(words * 4);
      copy.set(new Uint8Array(a.buffer, a.byteOffset, words * 4));
      const w = new Uint32Array(copy.buffer);
      for (let i = 0; i < words; i++) this.u32(w[i]);
    }
    const tail = new Uint8Array(a.buffer, a.byteOffset + words * 4, bytes & 3);
    for (let i = 0; i < tail.length; i++) this.u32(tail[i]);
  }

  digest(): string {
    let a = this.h1 ^ (this.h2 >>> 16);
    a = Math.imul(a ^ (a >>> 16), 0x85ebca6b);
    a = Math.imul(a ^ (a >>> 13), 0xc2b2ae35);
    a ^= a >>> 16;
    let b = this.h2 ^ (this.h1 >>> 15);
    b = Math.imul(b ^ (b >>> 16), 0x85ebca6b);
    b = Math.imul(b ^ (b >>> 13), 0xc2b2ae35);
    b ^= b >>> 16;
    return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
  }
}
