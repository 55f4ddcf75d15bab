export interface BuildStamp {
  sourceHash: string;
  seconds: number;
}
export function sourceHash(root: string): string;
export function readStamp(distDir: string): BuildStamp | undefined;
export function writeStamp(distDir: string, stamp: BuildStamp): void;
export function staleBecause(root: string, distDir: string, hash?: string): string | undefined;
