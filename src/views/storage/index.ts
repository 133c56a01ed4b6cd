/** The storage view (issue 3, Pangu): replicas, placement and risk, recovery. */
import { registerView } from '../registry';
import './strings';

registerView({ id: 'storage', label: { en: 'Storage', zh: '存储' }, load: () => import('./StorageView.svelte') });
