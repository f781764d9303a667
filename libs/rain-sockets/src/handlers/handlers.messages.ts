export const genericPipelineMessage = (owner: string, method: string) =>
  `${owner}.${method}: this version of @nestjs/core does not expose the enhancers rain-sockets compiles into its ` +
  "pipeline, so the handler runs on Nest's generic one (same behaviour, more CPU per event). Please report it.";
