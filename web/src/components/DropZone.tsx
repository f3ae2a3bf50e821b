import type { ComponentChildren, JSX } from 'preact';
import { useState } from 'preact/hooks';

// "Click or drag file to upload" (guide §4.2, §5.2): a real file input inside its label, so the
// keyboard and screen readers reach it, and the same zone takes dropped files.

interface Props {
  /** What the file input takes: its id, accept list and ARIA wiring. */
  input: Omit<JSX.InputHTMLAttributes<HTMLInputElement>, 'type' | 'class' | 'onChange'>;
  invalid?: boolean;
  onFiles: (files: FileList | null | undefined) => void;
  children: ComponentChildren;
}

export function DropZone({ input, invalid, onFiles, children }: Props) {
  const [dragging, setDragging] = useState(false);
  return (
    <label
      class={`dropzone${dragging ? ' dropzone--over' : ''}${invalid ? ' dropzone--invalid' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(e) => {
        e.preventDefault();
        setDragging(false);
        onFiles(e.dataTransfer?.files);
      }}
    >
      <input
        {...input}
        class="visually-hidden"
        type="file"
        onChange={(e) => {
          onFiles(e.currentTarget.files);
          // Picking the same file again (after removing it, or after it was refused) sends it again.
          e.currentTarget.value = '';
        }}
      />
      {children}
    </label>
  );
}
