/** The compare view (issue 8, rewind and fork): two runs forked from one moment of the main run, side by side. */
import { registerView } from '../registry';
import CompareView from './CompareView.svelte';

registerView({ id: 'compare', label: { en: 'Compare', zh: '对比' }, component: CompareView });
