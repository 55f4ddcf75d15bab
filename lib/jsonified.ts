/**
 * A server type as the browser receives it through the API's JSON: dates arrive as ISO strings.
 * The console derives its API types with it instead of copying them by hand.
 */
export type Jsonified<T> = T extends Date
  ? string
  : T extends readonly (infer Item)[]
    ? Jsonified<Item>[]
    : T extends object
      ? { [Key in keyof T]: Jsonified<T[Key]> }
      : T;
