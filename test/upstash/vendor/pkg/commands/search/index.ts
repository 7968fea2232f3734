export { SearchIndex } from "./search";
export type { SearchIndexParameters, CreateIndexParameters, InferFilterFromSchema } from "./search";
export { s } from "./schema-builder";
export type { NestedIndexSchema, FlatIndexSchema, PublicQueryResult as QueryResult } from "./types";
