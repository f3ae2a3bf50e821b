import type { ComponentChildren } from 'preact';

// A section heading that opens and closes its section (the Study Record's lists, guide §4.2, §5.1):
// a real button inside the heading, so keyboards and screen readers reach it and hear its state.

export function DisclosureHeading({
  id,
  controls,
  open,
  onToggle,
  children,
}: {
  id: string;
  controls: string;
  open: boolean;
  onToggle: () => void;
  children: ComponentChildren;
}) {
  return (
    <h2 id={id}>
      <button
        type="button"
        class="disclosure"
        aria-expanded={open}
        aria-controls={controls}
        onClick={onToggle}
      >
        {children}
        <span class="disclosure__arrow" aria-hidden="true">
          {open ? '▾' : '▸'}
        </span>
      </button>
    </h2>
  );
}
