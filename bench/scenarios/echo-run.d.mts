export declare function hasSettled(perMessage: number[], windows?: number, within?: number): boolean;
