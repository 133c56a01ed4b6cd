/** The writes main view (issue 5: P4, P5): flush timeline, latency per mode, losses; and the log phrases of the write path's codes. */
import { registerView } from '../registry';
import { registerPhrases } from '../../lib/i18n';
import WritesView from './WritesView.svelte';
import { PHRASES, STRINGS } from './strings';

registerView({ id: 'writes', label: { en: STRINGS.en.tab, zh: STRINGS.zh.tab }, component: WritesView });
registerPhrases(PHRASES);
