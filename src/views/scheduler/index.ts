/** The scheduler (Fuxi) main view, and the log phrases of the scheduler's codes. */
import { registerView } from '../registry';
import { registerPhrases } from '../../lib/i18n';
import { PHRASES, STRINGS } from './strings';

registerView({ id: 'scheduler', label: { en: STRINGS.en.tab, zh: STRINGS.zh.tab }, load: () => import('./SchedulerView.svelte') });
registerPhrases(PHRASES);
