/** The one `bun` export the vendored stream tests use (xautoclaim, xpending). */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
