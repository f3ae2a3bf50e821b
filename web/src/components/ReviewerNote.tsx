import { useEffect, useRef, useState } from 'preact/hooks';

// The exclamation mark next to "Need Further Info" (guide §4.4): the reviewer's note shows while the
// pointer is over it or it has keyboard focus, and is the button's accessible description either
// way. The note is placed against the viewport (position: fixed) because the table around it scrolls
// sideways on narrow screens, and a scrolling box would clip it.

interface Place {
  top: number;
  left: number;
}

export function ReviewerNoteTip({ id, note }: { id: string; note: string }) {
  const button = useRef<HTMLButtonElement>(null);
  const [place, setPlace] = useState<Place>();

  const show = () => {
    const box = button.current?.getBoundingClientRect();
    if (!box) return;
    const width = Math.min(352, window.innerWidth * 0.8);
    const left = Math.max(8, Math.min(box.left + box.width / 2 - width / 2, window.innerWidth - width - 8));
    setPlace({ top: box.bottom + 6, left });
  };
  const hide = () => setPlace(undefined);

  // A fixed note would drift away from its button on scroll: hide it instead.
  useEffect(() => {
    if (!place) return;
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && hide();
    window.addEventListener('scroll', hide, true);
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('scroll', hide, true);
      window.removeEventListener('keydown', onKey);
    };
  }, [place]);

  return (
    <span class="note-tip">
      <button
        ref={button}
        type="button"
        class="note-tip__button"
        aria-label="Information required"
        aria-describedby={id}
        onMouseEnter={show}
        onMouseLeave={hide}
        onFocus={show}
        onBlur={hide}
        onClick={show}
      >
        <span aria-hidden="true">⚠️</span>
      </button>
      <span
        class="note-tip__text"
        role="tooltip"
        id={id}
        hidden={!place}
        style={place ? { top: `${place.top}px`, left: `${place.left}px` } : undefined}
      >
        <span class="note-tip__label">Further Information Needed:</span> {note}
      </span>
    </span>
  );
}
