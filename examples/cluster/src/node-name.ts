/** Injection token of this node's name, shown in presence metas so that you can see who is where. */
export const NODE_NAME = Symbol('NODE_NAME');
