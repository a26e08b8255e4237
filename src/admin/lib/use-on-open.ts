import { useEffect, useRef } from "react"

/**
 * Run `start` each time a drawer or modal opens, and only then: forms fill
 * themselves from the record when they open, and must not refill when that
 * record is refetched while open (a window refocus, another mutation's
 * invalidation), which would erase what the person has typed.
 */
export function useOnOpen(open: boolean, start: () => void) {
  const wasOpen = useRef(false)
  const latest = useRef(start)
  latest.current = start
  useEffect(() => {
    if (open && !wasOpen.current) {
      latest.current()
    }
    wasOpen.current = open
  }, [open])
}
