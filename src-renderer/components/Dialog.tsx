import { useEffect, useId, useRef, type ReactNode } from 'react';

/**
 * A modal <dialog>: showModal() traps focus and gives Escape for free; focus goes to the first
 * field (or the safe button) when it opens and back to whatever opened it when it closes.
 */
export function Dialog(props: {
  open: boolean;
  title: string;
  children: ReactNode;
  actions: ReactNode;
  onClose(): void;
  onSubmit?(): void;
  tone?: 'danger';
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const opener = useRef<Element | null>(null);
  const { open, onClose } = props;

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      opener.current = document.activeElement;
      dialog.showModal();
      dialog.querySelector<HTMLElement>('[data-autofocus], input, select, textarea')?.focus();
    } else if (!open && dialog.open) {
      dialog.close();
    }
  }, [open]);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const onNativeClose = () => {
      (opener.current as HTMLElement | null)?.focus?.();
      onClose();
    };
    dialog.addEventListener('close', onNativeClose);
    return () => dialog.removeEventListener('close', onNativeClose);
  }, [onClose]);

  return (
    <dialog ref={ref} className={props.tone === 'danger' ? 'dialog dialog--danger' : 'dialog'} aria-labelledby={titleId}>
      <form
        method="dialog"
        onSubmit={(event) => {
          if (!props.onSubmit) return;
          event.preventDefault();
          props.onSubmit();
        }}
      >
        <h2 id={titleId} className="dialog__title">
          {props.title}
        </h2>
        <div className="dialog__body">{props.children}</div>
        <div className="dialog__actions">{props.actions}</div>
      </form>
    </dialog>
  );
}
