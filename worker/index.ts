/// <reference lib="webworker" />
// The worker entry: wires the engine's API to Comlink. Nothing else lives here.
import * as Comlink from 'comlink';
import { SimApi } from './api';
import { opfsBlockFile } from './blockFileOpfs';
import { detachEveryTypedArrayKind } from './detachOnce';
import { wallClock } from './wallClock';

// before any engine code runs: the first frame's transfer would otherwise discard the code a link's load optimized (detachOnce.ts)
detachEveryTypedArrayKind();
const api = new SimApi(wallClock(), (v, t) => Comlink.transfer(v, t), opfsBlockFile());
Comlink.expose(api);
