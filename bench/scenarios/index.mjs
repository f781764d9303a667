// The scenarios, in the order they run (BENCH_ONLY picks some by id).
import { echo } from './echo.mjs';

export const SCENARIOS = [echo];
