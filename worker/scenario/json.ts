/**
 * JSON text from outside (a share link, a scenario file) parsed with bounds: its size
 * and its nesting depth are checked by a cheap scan before `JSON.parse`, so a 10 MB
 * file or `[[[[…]]]]` nested a million deep fails with a message naming it, never
 * with "Maximum call stack size exceeded" somewhere later. A scenario is 4 deep
 * (`{"timeline":[{"args":{…}}]}`); anything near the limit is not one.
 */
import { ScenarioError } from './schema';

/** Largest scenario JSON read from a file or decompressed from a link (10,000 timeline entries fit in ~1 MB). */
export const MAX_SCENARIO_BYTES = 4_000_000;
/** Deepest nesting of arrays and objects accepted. */
export const MAX_JSON_DEPTH = 32;

/** The deepest nesting of `[`/`{` in JSON text, outside strings; stops counting past `limit`. */
export function jsonDepth(text: string, limit = MAX_JSON_DEPTH): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) {
        max = depth;
        if (max > limit) return max;
      }
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return max;
}

/**
 * Parses untrusted JSON text. `what` names it as the subject of the message ("share
 * link: the scenario", "--scenario: x.json"); `hint` is added to the not-JSON message.
 * Throws ScenarioError: too long, too deeply nested, or not JSON.
 */
export function parseJsonText(text: string, what: string, hint = ''): unknown {
  if (text.length > MAX_SCENARIO_BYTES) throw new ScenarioError(`${what} is ${text.length} characters of JSON, at most ${MAX_SCENARIO_BYTES}`);
  if (jsonDepth(text) > MAX_JSON_DEPTH) throw new ScenarioError(`${what} is JSON nested more than ${MAX_JSON_DEPTH} deep (a scenario is 4 deep)`);
  try {
    return JSON.parse(text);
  } catch (e) {
    const why = (e as Error).message;
    throw new ScenarioError(`${what} is not valid JSON` + (hint ? ` (${hint})` : `: ${why.length > 100 ? why.slice(0, 99) + '…' : why}`));
  }
}
