import type { Controller } from '../controller';
import type { Alert } from '../alerts';

export function Alerts({ alerts, controller }: { alerts: readonly Alert[]; controller: Controller }) {
  if (alerts.length === 0) return null;
  return (
    <div class="alerts">
      {alerts.map((alert) => (
        <div class={`alert${alert.action === null ? '' : ' alert--action'}`} role="alert" key={alert.id}>
          <span class="alert__text">{alert.message}</span>
          <span class="alert__buttons">
            {alert.action?.kind === 'open-callback' && (
              <OpenCallback callbackId={alert.action.callbackId} alertId={alert.id} controller={controller} />
            )}
            <button type="button" class="button button--ghost button--small" onClick={() => controller.dismissAlert(alert.id)}>
              Dismiss
            </button>
          </span>
        </div>
      ))}
    </div>
  );
}

function OpenCallback({ callbackId, alertId, controller }: { callbackId: string; alertId: number; controller: Controller }) {
  return (
    <button
      type="button"
      class="button button--primary button--small"
      onClick={() => {
        controller.openCallback(callbackId);
        controller.dismissAlert(alertId);
      }}
    >
      Open callback
    </button>
  );
}
