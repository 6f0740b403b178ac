/**
 * Moves focus after React has re-rendered a reordered list (moving a DOM node drops its focus).
 * When the wanted control is now disabled (a row reached the top), the fallback takes focus.
 */
export function focusSoon(id: string, fallbackId?: string): void {
  requestAnimationFrame(() => {
    const usable = (candidate: string | undefined) => {
      const element = candidate ? document.getElementById(candidate) : null;
      return element && !(element as HTMLButtonElement).disabled ? element : null;
    };
    (usable(id) ?? usable(fallbackId))?.focus();
  });
}
