/// <reference lib="webworker" />
// The worker entry: wires the engine's API to Comlink. Nothing else lives here.
import * as Comlink from 'comlink';
import { SimApi } from './api';
import { opfsBlockFile } from './blockFileOpfs';

const api = new SimApi(
  { now: () => performance.now(), later: (fn, ms) => void setTimeout(fn, ms) }, // allow-wallclock
  (v, t) => Comlink.transfer(v, t),
  opfsBlockFile(),
);
Comlink.expose(api);
