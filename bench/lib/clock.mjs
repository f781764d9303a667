// CLOCK_MONOTONIC is one clock for every process of the machine, so a timestamp taken
// by the trigger and read by a client in another process gives a true one-way latency.
export const nowUs = () => Number(process.hrtime.bigint() / 1000n);

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
