/** Colours of the scheduler view (Okabe–Ito; every colour also has a text label beside it). */
export const BAR_FILL = {
  done: '#0072B2', // blue
  running: '#56B4E9', // sky blue
  straggler: '#D55E00', // vermillion
  backup: '#009E73', // bluish green
  killed: '#B8B8B8', // grey
  lost: '#CC79A7', // reddish purple (dashed outline)
} as const;

/** Slowdown histograms: handling on / off. */
export const HIST_ON = '#0072B2';
export const HIST_OFF = '#E69F00';
/** Row highlight of a falsely blacklisted server (as the legend's false-dead alarm). */
export const FALSE_BG = '#f7e1ee';
