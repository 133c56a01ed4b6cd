/** The scheduler (Fuxi) main view, and the log phrases of the scheduler's codes. */
import { registerView } from '../registry';
import { registerPhrases } from '../../lib/i18n';
import SchedulerView from './SchedulerView.svelte';
import { PHRASES, STRINGS } from './strings';

registerView({ id: 'scheduler', label: { en: STRINGS.en.tab, zh: STRINGS.zh.tab }, component: SchedulerView });
registerPhrases(PHRASES);
