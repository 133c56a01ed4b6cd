/**
 * How many times the page's web fonts have finished loading, as reactive state. A canvas
 * keeps the empty boxes it drew before the Chinese subset font arrived (src/app.css): a
 * canvas that draws Chinese reads `fonts.loaded` in its drawing effect, and draws again
 * when a font comes (the flush timeline while paused was the case seen).
 */
let loaded = $state(0);
if (typeof document !== 'undefined') document.fonts?.addEventListener('loadingdone', () => loaded++);

export const fonts = {
  get loaded(): number {
    return loaded;
  },
};
