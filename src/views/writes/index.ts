/** The writes main view (issue 5: P4, P5): flush timeline, latency per mode, losses; and the log phrases of the write path's codes. */
import { registerView } from '../registry';
import { registerPhrases } from '../../lib/i18n';
import { PHRASES, STRINGS } from './strings';

registerView({ id: 'writes', label: { en: STRINGS.en.tab, zh: STRINGS.zh.tab }, load: () => import('./WritesView.svelte') });
registerPhrases(PHRASES);
