/**
 * Embed mode for slides: `embed=1` in the page's URL (query or hash) shows one view
 * (`view=…`) with minimal chrome — compact time controls, no tabs, no header
 * buttons, no sidebar but the rack view's legend — sized for an <iframe>.
 * The address is read by src/lib/link.ts (App takes `embed` from its parseLink).
 */
import { linkFlag } from './link';

export function isEmbed(href: string): boolean {
  return linkFlag(href, 'embed');
}
