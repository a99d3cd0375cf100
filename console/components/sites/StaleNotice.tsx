/** Someone saved the site since this form was opened: say so, and reload only when asked (it replaces what is typed here). */
export function StaleNotice({ message, onReload }: { message: string; onReload: () => void }) {
  return (
    <div class="form__error stale" role="alert">
      <p>{message}</p>
      <p>Reloading replaces what you changed here with what is saved now.</p>
      <button type="button" class="button button--secondary button--small" onClick={onReload}>
        Reload
      </button>
    </div>
  );
}
