/**
 * Embed mode for slides: `embed=1` in the page's URL (query or hash) shows one view
 * (`view=…`) with minimal chrome — compact time controls, no tabs, no header
 * buttons, no sidebar but the rack view's legend — sized for an <iframe>.
 */
import { linkParams } from '../../worker/scenario/codec';

export function isEmbed(href: string): boolean {
  try {
    const v = linkParams(href).get('embed');
    return v === '1' || v === 'true';
  } catch {
    return false;
  }
}
