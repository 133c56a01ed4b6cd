import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import { SimClient } from './lib/simClient.svelte';
import { registerOffline } from './lib/offline';

const client = new SimClient();
// A small debugging / testing handle (the browser tests and bench read it).
(globalThis as unknown as { feitian: Record<string, unknown> }).feitian = { client };

mount(App, { target: document.getElementById('app')!, props: { client } });
// The Chinese web font (src/app.css) may arrive after the first layout, and Chromium keeps
// the empty boxes of text shaped before it came: each time fonts finish loading, flip a
// class that changes every element's spacing a hair (app.css) so all text is shaped again.
document.fonts?.addEventListener('loadingdone', () => document.documentElement.classList.toggle('fonts-reshaped'));
registerOffline();
