// Every text of the health concern a user can read.

export const probeTimedOutMessage = (ms: number) => `Redis did not answer within ${ms} ms (cluster.commandTimeout).`;

export const drainingMessage = () => 'This node is shutting down: it admits no new connections.';

export const notStartedMessage = () => 'The socket server has not started (or has closed).';

export const serverFullMessage = (connections: number, max: number) =>
  `This node holds ${connections} of ${max} connections (idle.maxConnections) and refuses new ones.`;
