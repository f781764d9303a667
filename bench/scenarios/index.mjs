// The scenarios, in the order they run (BENCH_ONLY picks some by id).
import { cluster } from './cluster.mjs';
import { echo } from './echo.mjs';
import { connectionsOnly, rooms } from './rooms.mjs';
import { scale } from './scale.mjs';
import { sessionEcho } from './session-echo.mjs';
import { sweep } from './sweep.mjs';

export const SCENARIOS = [echo, sessionEcho, rooms, connectionsOnly, sweep, cluster, scale];
