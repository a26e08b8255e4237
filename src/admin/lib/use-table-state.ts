import { useCallback, useEffect, useMemo, useRef, useState } from "react"
import { useSearchParams } from "react-router-dom"
import type { DataTableFilteringState, DataTablePaginationState } from "@medusajs/ui"

type TableState = {
  search: string
  pageIndex: number
  filtering: DataTableFilteringState
}

const read = (params: URLSearchParams, filterKeys: string[]): TableState => {
  const filtering: DataTableFilteringState = {}
  for (const key of filterKeys) {
    const raw = params.get(key)
    if (raw === null) {
      continue
    }
    try {
      filtering[key] = JSON.parse(raw)
    } catch {
      filtering[key] = raw
    }
  }
  return {
    search: params.get("q") ?? "",
    pageIndex: Math.max(0, Number(params.get("page") ?? 0) || 0),
    filtering,
  }
}

const write = (state: TableState, base: URLSearchParams, filterKeys: string[]) => {
  const next = new URLSearchParams(base)
  if (state.search) next.set("q", state.search)
  else next.delete("q")
  if (state.pageIndex > 0) next.set("page", String(state.pageIndex))
  else next.delete("page")
  // A filter just added from the menu has an empty value; it stays in the
  // state (and the URL) or its value picker would vanish.
  for (const key of filterKeys) {
    const value = state.filtering[key]
    if (value !== undefined) next.set(key, JSON.stringify(value))
    else next.delete(key)
  }
  return next
}

const same = (a: TableState, b: TableState) => JSON.stringify(a) === JSON.stringify(b)

/**
 * Table state (search, page, filters) for a server-side DataTable. It lives in
 * React state, so the table updates in the same render as the user's click,
 * and is mirrored into the URL like the dashboard's own tables, so a refresh,
 * a shared link or "back" from a detail page lands on the same view.
 */
export function useTableState({
  pageSize,
  filterKeys = [],
}: {
  pageSize: number
  filterKeys?: string[]
}) {
  const keys = filterKeys.join(",")
  const [params, setParams] = useSearchParams()
  const [state, setState] = useState<TableState>(() => read(params, filterKeys))
  const stateRef = useRef(state)
  stateRef.current = state
  // states we wrote to the URL that the router has not reported back yet
  const pendingRef = useRef<string[]>([])

  // the URL changed: ignore our own writes arriving late, follow anything
  // else (a link, back/forward)
  useEffect(() => {
    const fromUrl = read(params, keys ? keys.split(",") : [])
    const key = JSON.stringify(fromUrl)
    const i = pendingRef.current.indexOf(key)
    if (i !== -1) {
      pendingRef.current = pendingRef.current.slice(i + 1)
      return
    }
    if (!same(fromUrl, stateRef.current)) {
      setState(fromUrl)
    }
  }, [params, keys])

  const commit = useCallback(
    (patch: Partial<TableState>) => {
      const list = keys ? keys.split(",") : []
      const merged = { ...stateRef.current, ...patch }
      // same shape as read() gives back from the URL, so the two compare equal
      const next: TableState = {
        search: merged.search,
        pageIndex: merged.pageIndex,
        filtering: Object.fromEntries(
          list
            .filter((k) => merged.filtering[k] !== undefined)
            .map((k) => [k, merged.filtering[k]])
        ),
      }
      stateRef.current = next
      pendingRef.current = [...pendingRef.current, JSON.stringify(next)].slice(-20)
      setState(next)
      setParams((prev) => write(next, prev, list), { replace: true })
    },
    [setParams, keys]
  )

  const setSearch = useCallback(
    (search: string) => {
      if (search !== stateRef.current.search) commit({ search, pageIndex: 0 })
    },
    [commit]
  )
  const setPagination = useCallback(
    (p: DataTablePaginationState) => {
      if (p.pageIndex !== stateRef.current.pageIndex) commit({ pageIndex: p.pageIndex })
    },
    [commit]
  )
  const setFiltering = useCallback(
    (filtering: DataTableFilteringState) => commit({ filtering, pageIndex: 0 }),
    [commit]
  )

  const pagination = useMemo<DataTablePaginationState>(
    () => ({ pageIndex: state.pageIndex, pageSize }),
    [state.pageIndex, pageSize]
  )

  return {
    search: state.search,
    setSearch,
    pagination,
    setPagination,
    filtering: state.filtering,
    setFiltering,
    offset: state.pageIndex * pageSize,
  }
}

/** A filter value as a non-empty string array, or undefined. */
export const asArray = (v: unknown): string[] | undefined => {
  if (Array.isArray(v)) {
    return v.length ? v.map(String) : undefined
  }
  return typeof v === "string" && v ? [v] : undefined
}

/** A filter value as a single string, or undefined. */
export const asString = (v: unknown): string | undefined => {
  if (Array.isArray(v)) {
    return v.length ? String(v[0]) : undefined
  }
  return typeof v === "string" && v ? v : undefined
}
