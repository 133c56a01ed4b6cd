/** The repair-loop view (issue 4, R4): Huatuo's closed loop for disks, tickets and replacements; master/Huatuo/detector log phrases. */
import { registerView } from '../registry';
import './strings';

registerView({ id: 'repair', label: { en: 'Repair loop', zh: '华佗修复' }, load: () => import('./RepairView.svelte') });
