/**
 * The operations views (issue 7): 运维 (dashboard + master self-protection),
 * 日志 (log search) and 发布 (deployment), with their log phrases.
 */
import { registerView } from '../registry';
import OpsView from './OpsView.svelte';
import LogsView from './LogsView.svelte';
import DeployView from './DeployView.svelte';
import './strings';

registerView({ id: 'ops', label: { en: 'Operations', zh: '运维' }, component: OpsView });
registerView({ id: 'logs', label: { en: 'Logs', zh: '日志' }, component: LogsView });
registerView({ id: 'deploy', label: { en: 'Deploy', zh: '发布' }, component: DeployView });
