import type { ComponentChildren } from 'preact';
import { useId, useLayoutEffect, useRef, useState } from 'preact/hooks';

// A table's box that scrolls sideways when the table is wider than the screen (a phone, a narrow
// window) and then says so: "Scroll sideways to see the whole table" above it, shadows at the edges
// the table goes on past (styles.css), and the box becomes a labelled region the keyboard can focus
// and scroll with the arrow keys. While the table fits, it is a plain box: no hint, no tab stop.

export function TableScroll({
  label,
  class: extra,
  children,
}: {
  /** What the table is, for the region's name ("Search Existing Mappings"). */
  label: string;
  class?: string;
  children: ComponentChildren;
}) {
  const box = useRef<HTMLDivElement>(null);
  const [overflowing, setOverflowing] = useState(false);
  const hintId = useId();

  const observer = useRef<ResizeObserver>();
  const measure = () => {
    const element = box.current;
    if (element) setOverflowing(element.scrollWidth > element.clientWidth + 1);
  };
  // The box narrows with the window; the table widens with its rows. A layout effect like the one
  // below, and declared before it, so the observer exists when that first measures.
  useLayoutEffect(() => {
    observer.current = new ResizeObserver(measure);
    return () => observer.current?.disconnect();
  }, []);
  // After every render, since the table inside may be new (its rows loaded after the box): measure,
  // and watch what is in the box now. A layout effect, run before the browser paints: measured in a
  // plain effect, a table that had just grown past the box was scrollable for a moment before it
  // became a region the keyboard can reach (axe caught that moment once).
  useLayoutEffect(() => {
    const element = box.current;
    if (!element || !observer.current) return;
    measure();
    observer.current.observe(element);
    for (const child of element.children) observer.current.observe(child);
  });

  return (
    <>
      {overflowing && (
        <p class="table-scroll__hint" id={hintId}>
          Scroll sideways to see the whole table <span aria-hidden="true">→</span>
        </p>
      )}
      <div
        ref={box}
        class={`table-scroll${extra ? ` ${extra}` : ''}`}
        {...(overflowing
          ? { role: 'region', 'aria-label': label, 'aria-describedby': hintId, tabIndex: 0 }
          : {})}
      >
        {children}
      </div>
    </>
  );
}
