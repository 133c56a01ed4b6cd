/** The storm view (issue 4): the mirror-storm loop, its charts, the recovery policy, naive vs guarded. */
import { registerView } from '../registry';
import './strings';

registerView({ id: 'storm', label: { en: 'Mirror storm', zh: '镜像风暴' }, load: () => import('./StormView.svelte') });
