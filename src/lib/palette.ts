/**
 * Colours for the rack view, chosen to survive colour blindness and a washed-out
 * projector: Okabe–Ito hues for the true state, plus black/white marks whose
 * shape (not colour) carries the master's belief.
 */
export const TRUTH_KEYS = ['up', 'booting', 'crashed', 'powerOff', 'gone'] as const;
export type TruthKey = (typeof TRUTH_KEYS)[number];

/** Fill per true state, indexed by the engine's truth code (UP … GONE). */
export const TRUTH_FILL = [
  '#009E73', // up: bluish green
  '#56B4E9', // booting: sky blue
  '#D55E00', // crashed: vermillion
  '#A3A3A3', // power off: grey
  '#1F1F1F', // gone: near black (never comes back)
] as const;

/** Ink for marks drawn on top of each fill (belief squares, slow flag). */
export const TRUTH_INK = ['#000000', '#000000', '#000000', '#000000', '#FFFFFF'] as const;

/** Ring around a server the master wrongly believes dead. */
export const FALSE_DEAD_RING = '#CC79A7';
/** Outline of the hovered / selected server. */
export const FOCUS_RING = '#0072B2';
/** Rack header fills. */
export const RACK_HEADER = '#E4E4DF';
export const RACK_HEADER_OFF = '#4A4A4A';
export const RACK_HEADER_TOR = '#E69F00';
export const CANVAS_BG = '#FBFBF8';
export const LABEL_INK = '#333333';

/** Chart series colours. */
export const SERIES = {
  coreUtil: '#0072B2',
  trulyDown: '#D55E00',
  believedDead: '#000000',
} as const;

/** Viridis-like ramp for CPU load (8 stops, light→dark would fight the marks, so dark→light). */
const LOAD_STOPS = ['#440154', '#46327e', '#365c8d', '#277f8e', '#1fa187', '#4ac16d', '#a0da39', '#fde725'];

/** 256 colours for load bytes 0–255. */
export const LOAD_FILL: string[] = Array.from({ length: 256 }, (_, i) => {
  const x = (i / 255) * (LOAD_STOPS.length - 1);
  const a = Math.floor(x);
  const b = Math.min(LOAD_STOPS.length - 1, a + 1);
  return mix(LOAD_STOPS[a], LOAD_STOPS[b], x - a);
});
/** Quantized load colours used when drawing (fewer fillStyle switches). */
export const LOAD_LEVELS = 16;
export const LOAD_LEVEL_FILL: string[] = Array.from({ length: LOAD_LEVELS }, (_, i) => LOAD_FILL[Math.round(((i + 0.5) / LOAD_LEVELS) * 255)]);
export const LOAD_LEVEL_INK: string[] = LOAD_LEVEL_FILL.map((_, i) => (i < LOAD_LEVELS * 0.55 ? '#FFFFFF' : '#000000'));
/** Fill of down servers when colouring by load. */
export const LOAD_DOWN_FILL = '#D9D9D9';

function mix(a: string, b: string, t: number): string {
  const pa = parseInt(a.slice(1), 16),
    pb = parseInt(b.slice(1), 16);
  const ch = (p: number, s: number) => (p >> s) & 255;
  const c = (s: number) => Math.round(ch(pa, s) + (ch(pb, s) - ch(pa, s)) * t);
  return '#' + ((c(16) << 16) | (c(8) << 8) | c(0)).toString(16).padStart(6, '0');
}

/**
 * Scheduler colour mode (cores in use per server): a cividis ramp, dark blue (idle)
 * to yellow (all cores taken) — readable with any colour vision, and unlike the load
 * ramp so the two modes are not confused.
 */
const SCHED_STOPS = ['#00224e', '#123570', '#3b496c', '#575d6d', '#707173', '#8a8779', '#a69d75', '#c4b56c', '#e4cf5b', '#fee838'];
export const SCHED_LEVELS = 10;
export const SCHED_LEVEL_FILL: string[] = SCHED_STOPS.slice();
export const SCHED_LEVEL_INK: string[] = SCHED_STOPS.map((_, i) => (i < 6 ? '#FFFFFF' : '#000000'));
/** Ring around a server the scheduler blacklisted although it is healthy (same meaning as the false-dead ring: belief contradicts truth). */
export const FALSE_BLACKLIST_RING = FALSE_DEAD_RING;
