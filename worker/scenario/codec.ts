/**
 * Share URLs. The scenario travels in the URL hash as `#s=` + base64url(UTF-8 JSON),
 * so a static host needs no server and the link works from any sub-path. The page
 * may add more keys (`&lang=zh&view=racks&lesson=…`); the scenario ignores them.
 * Everything decoded here is untrusted: sizes are bounded and every field validated.
 */
import { parseScenario, type Scenario, ScenarioError, scenarioToJSON } from './schema';
import { presetByName } from './presets';

export const MAX_URL_CHARS = 200_000;

export function toBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64Url(s: string): string {
  // Also accept plain base64 (a '+' read from a query string arrives as a space).
  s = s.replace(/ /g, '+').replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  if (!/^[A-Za-z0-9_-]*$/.test(s)) throw new ScenarioError('share link: the scenario is not valid base64url (was it cut or edited?)');
  const b64 = s.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((s.length + 3) % 4);
  let bin: string;
  try {
    bin = atob(b64);
  } catch {
    throw new ScenarioError('share link: the scenario is not valid base64url (was it cut or edited?)');
  }
  const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ScenarioError('share link: the scenario is not valid UTF-8 text (was it cut?)');
  }
}

/** The hash fragment (without '#') that carries a scenario plus extra page state. */
export function encodeHash(s: Scenario, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams();
  q.set('s', toBase64Url(scenarioToJSON(s)));
  for (const [k, v] of Object.entries(extra)) q.set(k, v);
  return q.toString();
}

/** Reads the key/value pairs of a share link: a whole URL, or just its `?query` and/or `#hash`. */
export function linkParams(link: string): URLSearchParams {
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

/**
 * The scenario in a share link, or null when the link carries none (a plain visit).
 * Throws ScenarioError naming what is wrong with a link that does carry one.
 */
export function decodeLink(link: string): Scenario | null {
  const q = linkParams(link);
  const s = q.get('s');
  const preset = q.get('preset');
  if (s === null && preset !== null) {
    // a named preset (the Scenarios menu, `npm run sim -- --list`)
    const p = presetByName(preset);
    if (!p) throw new ScenarioError(`link: no scenario named "${preset.slice(0, 40)}" (see the Scenarios menu or npm run sim -- --list)`);
    return structuredClone(p.scenario);
  }
  if (s === null) return null;
  if (s === '') throw new ScenarioError('share link: the scenario (s=…) is empty');
  const text = fromBase64Url(s);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ScenarioError('share link: the scenario is not valid JSON (was the link cut short?)');
  }
  return parseScenario(json);
}
