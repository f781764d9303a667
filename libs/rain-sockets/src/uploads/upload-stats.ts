/** Upload bytes accepted on this node since start, for telemetry: one addition per chunk. */
export const uploadStats = { bytes: 0 };
