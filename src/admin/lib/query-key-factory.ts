/**
 * Query keys shaped like the Medusa dashboard's: `[resource]`, `[resource, "list", {query}]`,
 * `[resource, "detail", id, {query}]`, so invalidating `lists()` or `detail(id)` reaches
 * every variant underneath.
 */
export type QueryKey = readonly unknown[]

export const queryKeysFactory = <T extends string>(globalKey: T) => {
  const factory = {
    all: [globalKey] as const,
    lists: () => [...factory.all, "list"] as const,
    list: (query?: Record<string, unknown>) =>
      query !== undefined ? ([...factory.lists(), { query }] as const) : factory.lists(),
    details: () => [...factory.all, "detail"] as const,
    detail: (id: string, query?: Record<string, unknown>) =>
      query !== undefined
        ? ([...factory.details(), id, { query }] as const)
        : ([...factory.details(), id] as const),
  }
  return factory
}
