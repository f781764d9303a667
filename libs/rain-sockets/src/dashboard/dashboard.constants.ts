export const DEFAULT_DASHBOARD_PATH = '/rain/dashboard';
export const DEFAULT_DASHBOARD_INTERVAL = 1_000;

/** The dashboard's own namespace: not a component socket, so never in the app's metrics. */
export const DASHBOARD_NAMESPACE = '/_rain/dashboard';

/** Sent to dashboard sockets on connect and every interval. */
export const DASHBOARD_UPDATE_EVENT = 'rain:dashboard';

/** Between nodes: each node answers with its own connections, for the per-node view. */
export const DASHBOARD_CENSUS_EVENT = 'rain:dashboard-census';

/** How long a node waits for the others' census answers (ms). */
export const DASHBOARD_CENSUS_TIMEOUT = 500;
