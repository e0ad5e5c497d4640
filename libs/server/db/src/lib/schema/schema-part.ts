// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
type Constructor = Function;

/**
 * The entities and migrations of one area of the system. Each area keeps its own list so that
 * work on different areas never edits the same file; data-source.ts joins them.
 */
export interface SchemaPart {
  entities: Constructor[];
  migrations: Constructor[];
}
