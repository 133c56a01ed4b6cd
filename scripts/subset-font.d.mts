// Types for scripts/subset-font.mjs, whose helpers tests/page/font.test.ts uses.
export const FONT_DIR: string;
export const FONT_FILE: string;
export const LABEL_FONT_FILE: string;
export const LABEL_TEXT: string;
export function isCjk(cp: number): boolean;
export function tsStrings(source: string, fileName?: string): string[];
export function svelteStrings(source: string): string[];
export function pageStrings(root?: string): { file: string; strings: string[] }[];
export function pageCjk(root?: string): string;
export function fontCodePoints(bytes: Uint8Array): Promise<Set<number>>;
export function missingGlyphs(fontBytes: Uint8Array, text: string): Promise<string>;
