/**
 * The page's main views, switched by the tab bar under the header and kept in the
 * share link (`view=`). The rack view is built in; every other view is a component
 * taking `{ client, lang }`, in its own folder, registered here with one line
 * (`load: () => import('./X.svelte')` keeps it out of the first download).
 */
import type { Component } from 'svelte';
import type { SimClient } from '../lib/simClient.svelte';
import type { Lang } from '../lib/i18n';

export interface ViewProps {
  client: SimClient;
  lang: Lang;
}
export interface ViewDef {
  id: string;
  label: Record<Lang, string>;
  /** undefined for the built-in rack view */
  component?: Component<ViewProps>;
  /** or loaded on first use, so the page's first load carries only the rack view */
  load?: () => Promise<{ default: Component<ViewProps> }>;
}

export const VIEWS: ViewDef[] = [{ id: 'racks', label: { en: 'Racks', zh: '机架' } }];

export function registerView(v: ViewDef): void {
  if (VIEWS.some((x) => x.id === v.id)) throw new Error(`view ${v.id} is registered twice`);
  VIEWS.push(v);
}

export function viewById(id: string | null | undefined): ViewDef {
  return VIEWS.find((v) => v.id === id) ?? VIEWS[0];
}
