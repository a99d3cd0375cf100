import type { ComponentChildren } from 'preact';

/**
 * A labelled field with its hint or, after a refused save, the server's words in its place:
 * the control gets aria-invalid and aria-describedby, so the problem is read with the field.
 */
export function Field({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string | null;
  children: (described: { id: string; 'aria-invalid': boolean; 'aria-describedby': string | undefined }) => ComponentChildren;
}) {
  const hasError = error !== undefined && error !== null && error !== '';
  const describedId = hasError ? `${id}-error` : hint === undefined ? undefined : `${id}-hint`;
  return (
    <div class="field">
      <label class="field__label" for={id}>
        {label}
      </label>
      {children({ id, 'aria-invalid': hasError, 'aria-describedby': describedId })}
      {hasError ? (
        <span class="field__error" id={`${id}-error`}>
          {error}
        </span>
      ) : (
        hint !== undefined && (
          <span class="field__hint" id={`${id}-hint`}>
            {hint}
          </span>
        )
      )}
    </div>
  );
}
