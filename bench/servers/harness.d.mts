export declare function reportReady(options: {
  port: number;
  close: () => Promise<unknown>;
}): void;
export declare const serverEnv: {
  port: number;
  session: '' | 'memory' | 'redis';
  cluster: boolean;
  redisUrl: string;
  redisKey: string;
};
export declare const SESSION_SECRET: string;
