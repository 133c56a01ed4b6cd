/**
 * The operations views (issue 7): 运维 (dashboard + master self-protection),
 * 日志 (log search) and 发布 (deployment), with their log phrases.
 */
import { registerView } from '../registry';
import './strings';

registerView({ id: 'ops', label: { en: 'Operations', zh: '运维' }, load: () => import('./OpsView.svelte') });
registerView({ id: 'logs', label: { en: 'Logs', zh: '日志' }, load: () => import('./LogsView.svelte') });
registerView({ id: 'deploy', label: { en: 'Deploy', zh: '发布' }, load: () => import('./DeployView.svelte') });
