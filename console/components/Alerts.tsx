import type { Controller } from '../controller';
import type { Alert } from '../state';

export function Alerts({ alerts, controller }: { alerts: readonly Alert[]; controller: Controller }) {
  if (alerts.length === 0) return null;
  return (
    <div class="alerts">
      {alerts.map((alert) => (
        <div class="alert" role="alert" key={alert.id}>
          <span class="alert__text">{alert.message}</span>
          <button type="button" class="button button--ghost button--small" onClick={() => controller.dismissAlert(alert.id)}>
            Dismiss
          </button>
        </div>
      ))}
    </div>
  );
}
