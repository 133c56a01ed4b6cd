/**
 * The Chinese web font's size (issue 16 §6): public/fonts/, written by `npm run font`.
 * A Chinese visit on a machine without a CJK font downloads the subset once (the service
 * worker precaches it for offline use); an English visit only the language button's 中文.
 */
import { readFileSync } from 'node:fs';

export const FONT_TARGETS = { subsetKB: 256, labelKB: 4 };

const kb = (file: string) => Math.round((readFileSync(`public/fonts/${file}`).length / 1024) * 10) / 10;

export function benchFont(): { subsetKB: number; labelKB: number } {
  return { subsetKB: kb('noto-sans-sc-subset.woff2'), labelKB: kb('noto-sans-sc-lang.woff2') };
}
