/**
 * What a view asks the worker, beyond the frame: the base of every view's query class
 * (`src/views/<view>/query.svelte.ts`). A view names its questions there (`q.alerts()`,
 * `q.storageChunk(c)`) instead of writing `client.call(api => …)` in its markup, and
 * polls through `poll`, the one place that decides how often: at most every `ms`
 * (≥ 500, so ≤ 2 Hz; the documented bound is 4 Hz), one request at a time, skipped while
 * the tab is hidden, and only when simulated time moved unless the view says otherwise.
 */
import type * as Comlink from 'comlink';
import type { SimApi } from '../../worker/api';
import type { SimClient } from './simClient.svelte';
import { startPoll } from './poll';

export type Api = Comlink.Remote<SimApi>;
export type Poller = { stop: () => void; now: () => void };

export class ViewQuery {
  constructor(readonly client: SimClient) {}

  /**
   * One question to the worker: null when there is no worker or the call failed (the
   * client shows why). `soft`: a RangeError (an argument out of range) becomes a notice
   * instead of stopping the run.
   */
  ask<T>(fn: (api: Api) => Promise<T>, soft = false): Promise<T | null> {
    return this.client.call(fn, soft);
  }

  /**
   * Runs `run` while the view is on screen (start it from onMount and return the
   * stopper): now, then at most every `ms` when simulated time moved — or, with
   * `everyTick`, every `ms` whatever the clock (for a view that keys its own requests).
   */
  poll(run: () => Promise<unknown>, opts: { ms?: number; everyTick?: boolean } = {}): Poller {
    const key = opts.everyTick ? () => ({}) : () => this.client.frame?.t;
    return startPoll(run, key, opts.ms);
  }
}
