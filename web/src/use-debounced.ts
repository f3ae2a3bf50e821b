import { useEffect, useState } from 'preact/hooks';

/** `value`, once it has stopped changing for `ms`: typing in a filter asks the API once, not per key. */
export function useDebounced<T>(value: T, ms = 300): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}
