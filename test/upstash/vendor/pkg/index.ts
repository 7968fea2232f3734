export * from "./error";
