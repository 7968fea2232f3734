export const VERSION = "v1.37.0";
