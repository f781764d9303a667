/** Which local sockets receive the diffs of which topic: those that were sent its state. */
export class PresenceWatchers {
  private readonly byTopic = new Map<string, Set<string>>();
  private readonly bySocket = new Map<string, Set<string>>();

  has(socketId: string, topic: string): boolean {
    return this.byTopic.get(topic)?.has(socketId) ?? false;
  }

  add(socketId: string, topic: string): void {
    let sockets = this.byTopic.get(topic);
    if (!sockets) this.byTopic.set(topic, (sockets = new Set()));
    sockets.add(socketId);
    let topics = this.bySocket.get(socketId);
    if (!topics) this.bySocket.set(socketId, (topics = new Set()));
    topics.add(topic);
  }

  remove(socketId: string, topic: string): void {
    const sockets = this.byTopic.get(topic);
    sockets?.delete(socketId);
    if (sockets?.size === 0) this.byTopic.delete(topic);
    const topics = this.bySocket.get(socketId);
    topics?.delete(topic);
    if (topics?.size === 0) this.bySocket.delete(socketId);
  }

  removeSocket(socketId: string): void {
    for (const topic of this.bySocket.get(socketId) ?? []) {
      const sockets = this.byTopic.get(topic)!;
      sockets.delete(socketId);
      if (sockets.size === 0) this.byTopic.delete(topic);
    }
    this.bySocket.delete(socketId);
  }

  of(topic: string): string[] {
    return [...(this.byTopic.get(topic) ?? [])];
  }
}
