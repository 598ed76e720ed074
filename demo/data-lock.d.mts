// Types of demo/data-lock.mjs (plain JavaScript, so Node 20 runs it without a build), for the tests.
export declare const LOCK_FILE: string;
export declare class DataDirLocked extends Error {
  constructor(dir: string, pid: number);
  pid: number;
}
export declare function lockDataDir(dir: string, pid?: number): { path: string; release(): void };
