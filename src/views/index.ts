/**
 * Registers every main view, in tab order. Each line imports a view's folder,
 * whose index.ts calls `registerView` (and `registerPhrases` for its log codes).
 */
export { VIEWS, viewById } from './registry';
import './ops/index';
import './storage/index';
import './storm/index';
import './repair/index';
import './scheduler/index';
import './writes/index';
import './compare/index';
