export declare const BENCH_TOKEN: string;
export declare const ECHO_NAMESPACE: string;
export declare const FANOUT_NAMESPACE: string;
export declare const ROOM: string;
export declare const LOGIN_PATH: string;
