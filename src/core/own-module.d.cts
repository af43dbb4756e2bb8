/** `require` resolving from credlint's package: its dependencies, and Node's built-in modules (`own-module.cjs`). */
export declare const ownRequire: NodeJS.Require;

/** The directory of credlint's `src/core` in the build that is running (`dist/src/core`, the copy's, or the sources'). */
export declare const ownDirectory: string;
