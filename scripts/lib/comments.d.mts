export declare const MAX_COMMENT_LINES: number;
export declare function commentBlocks(source: string): { line: number; lines: number }[];
