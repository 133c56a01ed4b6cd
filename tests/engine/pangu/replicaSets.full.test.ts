/**
 * The heavy version of replicaSets.test.ts (npm run test:full): the same property
 * checks over 6,000 seeds per case instead of 500, so the 4.5-σ bounds are ~3.5×
 * tighter (≈ ±0.03 on P(loss) near 0.5).
 */
export {};
process.env.REPLICA_SETS_T = '6000';
await import('./replicaSets.test');
