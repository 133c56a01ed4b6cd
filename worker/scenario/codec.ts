/**
 * Share URLs. The scenario travels in the URL hash, so a static host needs no server
 * and the link works from any sub-path:
 *  - `#z=` + base64url(raw DEFLATE of the UTF-8 JSON) — what `encodeHash` writes
 *    (fflate, synchronous in the worker and in Node; a timeline of thousands of
 *    actions shrinks ~5–10×);
 *  - `#s=` + base64url(UTF-8 JSON) — older links, still read.
 * The page may add more keys (`&lang=zh&view=racks&lesson=…`); the scenario ignores them.
 * Everything decoded here is untrusted: the link, the decompressed text (a zip bomb
 * stops at MAX_SCENARIO_BYTES) and its nesting are bounded and every field validated.
 */
import { deflateSync, Inflate } from 'fflate';
import { parseScenario, type Scenario, ScenarioError, scenarioToJSON, MAX_SIM_MS } from './schema';
import { presetByName } from './presets';
import { MAX_SCENARIO_BYTES, parseJsonText } from './json';
import { show } from './params';

/** Longest link the decoder reads (and so the longest `encodeHash` writes, with room for the page's address). */
export const MAX_URL_CHARS = 200_000;
/** Longest hash `encodeHash` writes: MAX_URL_CHARS less room for the page's own address. */
export const MAX_HASH_CHARS = MAX_URL_CHARS - 4_000;

/** `encodeHash` refuses a run whose link would be longer than the decoder reads: export it as JSON instead. */
export class LinkTooLongError extends ScenarioError {
  override name = 'LinkTooLongError';
  constructor(
    readonly chars: number,
    readonly max: number,
  ) {
    super(`share link: this run is too long for a link (${chars} characters, at most ${max}); export the scenario as JSON instead`);
  }
}

const BAD_BASE64 = 'share link: the scenario is not valid base64url (was it cut or edited?)';

export function bytesToBase64Url(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function base64UrlToBytes(s: string): Uint8Array {
  // Also accept plain base64 (a '+' read from a query string arrives as a space).
  s = s.replace(/ /g, '+').replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  if (!/^[A-Za-z0-9_-]*$/.test(s) || s.length % 4 === 1) throw new ScenarioError(BAD_BASE64);
  const b64 = s.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((s.length + 3) % 4);
  let bin: string;
  try {
    bin = atob(b64);
  } catch {
    throw new ScenarioError(BAD_BASE64);
  }
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

export function toBase64Url(text: string): string {
  return bytesToBase64Url(new TextEncoder().encode(text));
}

function utf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ScenarioError('share link: the scenario is not valid UTF-8 text (was it cut?)');
  }
}

export function fromBase64Url(s: string): string {
  return utf8(base64UrlToBytes(s));
}

/** Raw DEFLATE of the text's UTF-8, as base64url. */
export function compressText(text: string): string {
  return bytesToBase64Url(deflateSync(new TextEncoder().encode(text), { level: 9 }));
}

/**
 * Inflates raw DEFLATE bytes to at most `max` bytes of UTF-8 text. The input is fed in
 * 1 KB pieces and the output counted as it comes, so a zip bomb stops within a piece's
 * worth (DEFLATE expands at most ~1,032×) of the limit instead of filling memory.
 */
export function inflateText(bytes: Uint8Array, max = MAX_SCENARIO_BYTES): string {
  const parts: Uint8Array[] = [];
  let total = 0;
  let done = false;
  const inf = new Inflate((chunk, final) => {
    total += chunk.length;
    if (total > max) throw new ScenarioError(`share link: the scenario unpacks to more than ${max} bytes, too large for a scenario`);
    parts.push(chunk);
    if (final) done = true;
  });
  const PIECE = 1024;
  try {
    for (let i = 0; i < bytes.length || i === 0; i += PIECE) inf.push(bytes.subarray(i, i + PIECE), i + PIECE >= bytes.length);
  } catch (e) {
    if (e instanceof ScenarioError) throw e;
    throw new ScenarioError('share link: the compressed scenario (z=…) is damaged (was the link cut or edited?)');
  }
  if (!done) throw new ScenarioError('share link: the compressed scenario (z=…) is incomplete (was the link cut short?)');
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return utf8(out);
}

/**
 * The hash fragment (without '#') that carries a scenario plus extra page state.
 * Throws LinkTooLongError (a ScenarioError) when it would exceed MAX_HASH_CHARS, so
 * every hash it returns is one `decodeLink` reads.
 */
export function encodeHash(s: Scenario, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams();
  q.set('z', compressText(scenarioToJSON(s)));
  for (const [k, v] of Object.entries(extra)) q.set(k, v);
  const hash = q.toString();
  if (hash.length > MAX_HASH_CHARS) throw new LinkTooLongError(hash.length, MAX_HASH_CHARS);
  return hash;
}

/** `encodeHash` without the throw: the hash, or why there is none (for a page that offers the JSON export instead). */
export function tryEncodeHash(s: Scenario, extra: Record<string, string> = {}): { ok: true; hash: string } | { ok: false; reason: string } {
  try {
    return { ok: true, hash: encodeHash(s, extra) };
  } catch (e) {
    if (e instanceof LinkTooLongError) return { ok: false, reason: e.message };
    throw e;
  }
}

/** Reads the key/value pairs of a share link: a whole URL, or just its `?query` and/or `#hash`. */
export function linkParams(link: string): URLSearchParams {
  if (typeof link !== 'string') throw new ScenarioError('share link: expected text');
  if (link.length > MAX_URL_CHARS) throw new ScenarioError(`share link: ${link.length} characters, at most ${MAX_URL_CHARS}`);
  const hashAt = link.indexOf('#');
  const hash = hashAt >= 0 ? link.slice(hashAt + 1) : '';
  const beforeHash = hashAt >= 0 ? link.slice(0, hashAt) : link;
  const qAt = beforeHash.indexOf('?');
  const query = qAt >= 0 ? beforeHash.slice(qAt + 1) : /^[\w.-]+=/.test(beforeHash) ? beforeHash : '';
  const out = new URLSearchParams(query);
  for (const [k, v] of new URLSearchParams(hash)) out.set(k, v);
  return out;
}

/** The simulated time a link asks to replay to (`t=`, ms), or null when it gives none. Throws ScenarioError when it is not one. */
export function linkTime(link: string): number | null {
  const t = linkParams(link).get('t');
  if (t === null) return null;
  const n = /^\d{1,16}$/.test(t) ? Number(t) : NaN;
  if (!(n >= 0 && n <= MAX_SIM_MS))
    throw new ScenarioError(
      `share link: t=${t.length > 40 ? t.slice(0, 39) + '…' : t} is not a simulated time in ms from 0 to ${MAX_SIM_MS} (1,000 days)`,
    );
  return n;
}

/**
 * The scenario in a share link, or null when the link carries none (a plain visit).
 * Throws ScenarioError naming what is wrong with a link that does carry one.
 */
export function decodeLink(link: string): Scenario | null {
  const q = linkParams(link);
  const z = q.get('z');
  const s = z === null ? q.get('s') : null;
  const preset = q.get('preset');
  if (z === null && s === null && preset !== null) {
    // a named preset (the Scenarios menu, `npm run sim -- --list`)
    const p = presetByName(preset);
    if (!p) throw new ScenarioError(`link: no scenario named ${show(preset, 40)} (see the Scenarios menu or npm run sim -- --list)`);
    return structuredClone(p.scenario);
  }
  if (z === null && s === null) return null;
  if ((z ?? s) === '') throw new ScenarioError(`share link: the scenario (${z !== null ? 'z' : 's'}=…) is empty`);
  const text = z !== null ? inflateText(base64UrlToBytes(z)) : fromBase64Url(s!);
  return parseScenario(parseJsonText(text, 'share link: the scenario', 'was the link cut short?'));
}
