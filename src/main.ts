import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import { SimClient } from './lib/simClient.svelte';
import { registerOffline } from './lib/offline';

const client = new SimClient();
// A small debugging / testing handle (the browser tests and bench read it).
(globalThis as unknown as { feitian: Record<string, unknown> }).feitian = { client };

mount(App, { target: document.getElementById('app')!, props: { client } });
registerOffline();
