/** The compare view (issue 8, rewind and fork): two runs forked from one moment of the main run, side by side. */
import { registerView } from '../registry';

registerView({ id: 'compare', label: { en: 'Compare', zh: '对比' }, load: () => import('./CompareView.svelte') });
