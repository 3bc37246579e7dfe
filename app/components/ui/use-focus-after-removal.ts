import { useEffect, useRef } from "react";

/**
 * After a row of a list is removed, focus would fall to <body>. Instead it goes to the row (its
 * fieldset, announced by its legend) that took the removed one's place, or to the row before it,
 * or, when the list is empty, to the button that adds rows. The row rather than its first field:
 * leaving a field validates it, and a message appearing there could move the next button away
 * from under the pointer. Returns the callback the remove buttons call.
 */
export function useFocusAfterRemoval(count: number, rowId: (index: number) => string, addButtonId: string) {
  const removedIndex = useRef<number | null>(null);
  const previousCount = useRef(count);
  useEffect(() => {
    if (removedIndex.current !== null && count < previousCount.current) {
      const index = Math.min(removedIndex.current, count - 1);
      const target = document.getElementById(index >= 0 ? rowId(index) : addButtonId);
      if (target && !target.matches("button, input, select, textarea, a[href]")) target.setAttribute("tabindex", "-1");
      target?.focus();
    }
    removedIndex.current = null;
    previousCount.current = count;
  }, [count, rowId, addButtonId]);
  return (index: number) => {
    removedIndex.current = index;
  };
}
