/** The banner alerts at the top of the console: what they hold, and the one way to add one. */

/** What an alert's button does. */
export type AlertAction = { kind: 'open-callback'; callbackId: string };

export interface Alert {
  id: number;
  code: string;
  message: string;
  action: AlertAction | null;
}

/** The part of the console state that holds alerts. */
export interface AlertList {
  alerts: readonly Alert[];
  nextAlertId: number;
}

export function addAlert<S extends AlertList>(state: S, code: string, message: string, action: AlertAction | null): S {
  const alert: Alert = { id: state.nextAlertId, code, message, action };
  return { ...state, alerts: [...state.alerts, alert], nextAlertId: state.nextAlertId + 1 };
}
