// What every bench server serves, so the runner and the clients address them alike.
export const BENCH_TOKEN = 'bench-token';
export const ECHO_NAMESPACE = '/bench/1.0.0/echo';
export const FANOUT_NAMESPACE = '/bench/1.0.0/fanout';
export const ROOM = 'everyone';
/** GET: starts a session (sets `user`) and answers { session: boolean }. */
export const LOGIN_PATH = '/bench/login';
