/**
 * Offline: registers the service worker that the build writes (vite.offline.ts),
 * which precaches the whole built site, so after one visit the page opens and runs
 * without a network (the classroom's Wi-Fi fails too). Production builds only.
 * Sets `data-offline="ready"` on <html> once the cache is filled and the worker active.
 */
export function registerOffline(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator) || !window.isSecureContext) return;
  window.addEventListener('load', () => {
    navigator.serviceWorker
      .register('./sw.js', { scope: './' })
      .then(() => navigator.serviceWorker.ready)
      .then(() => document.documentElement.setAttribute('data-offline', 'ready'))
      .catch((e) => console.warn('offline cache unavailable:', e));
  });
}
